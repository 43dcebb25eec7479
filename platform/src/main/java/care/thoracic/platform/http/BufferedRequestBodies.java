package care.thoracic.platform.http;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads a command's body on the I/O thread before the blocking resource method runs. Without it,
 * Quarkus REST hands a blocking method a stream that the worker thread reads while the I/O thread
 * is still delivering the body into it, both taking the connection's monitor: in the progress
 * benchmark 13% of the service's CPU went to that hand-over. HTTP/2 requests are left as they
 * were: Quarkus REST pauses the request it is given, which an HTTP/2 stream refuses once read.
 * Bodies are small JSON documents; the buffer stops at {@code quarkus.http.limits.max-body-size}
 * (413), so a large or endless chunked body is refused instead of held.
 */
@ApplicationScoped
public class BufferedRequestBodies {
  private static final int BEFORE_THE_REST_ROUTES = -100;

  @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
  MemorySize maxBodySize;

  void bufferCommandBodies(@Observes Router router) {
    BodyHandler bodies = BodyHandler.create(false).setBodyLimit(maxBodySize.asLongValue());
    router.route().order(BEFORE_THE_REST_ROUTES).method(HttpMethod.POST).method(HttpMethod.PUT)
        .method(HttpMethod.PATCH).handler(context -> {
          if (context.request().version() == HttpVersion.HTTP_2) {
            context.next();
          } else {
            bodies.handle(context);
          }
        });
  }
}
