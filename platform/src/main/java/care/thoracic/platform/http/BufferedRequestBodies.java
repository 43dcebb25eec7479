package care.thoracic.platform.http;

import care.thoracic.platform.config.HttpEdgeConfig;
import care.thoracic.platform.problem.EdgeProblems;
import care.thoracic.platform.problem.FieldError;
import care.thoracic.platform.problem.ProblemType;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The edge's first look at every request, on the I/O thread, before any worker thread is given it.
 *
 * <ul>
 *   <li>A target or headers over their bounds are answered 414 or 431 with a problem.
 *   <li>A command's body (POST, PUT, PATCH) is read whole here, up to
 *       {@code quarkus.http.limits.max-body-size} (413) and within {@code care.http.body-timeout}
 *       (408): a slow, truncated or endless body costs a timer, never a thread. Without this, Quarkus
 *       REST hands a blocking method a stream its worker reads while the I/O thread is still
 *       delivering the body into it, both taking the connection's monitor: in the progress benchmark
 *       13% of the service's CPU went to that hand-over.
 *   <li>An empty body is handed on as empty, so the resource's validation answers 400 naming the
 *       body at once. (Vert.x reports a body of no bytes as none, and Quarkus REST then waited on
 *       the already finished request for its read timeout, a worker thread each: a few hundred such
 *       requests stopped a service.)
 * </ul>
 *
 * The services speak HTTP/1.1 only ({@code quarkus.http.http2=false}, set beside this): over HTTP/2
 * Quarkus REST pauses the stream it is given, which a stream read here refuses, and a request on a
 * multiplexed connection cannot be answered by closing the connection. TLS and HTTP/2 end at the
 * deployment's edge.
 */
@ApplicationScoped
public class BufferedRequestBodies {
  private static final int BEFORE_THE_REST_ROUTES = -100;
  private static final String DEADLINE = "care.body-deadline";

  @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
  MemorySize maxBodySize;

  @Inject HttpEdgeConfig edge;
  @Inject Vertx vertx;

  void bufferCommandBodies(@Observes Router router) {
    router.route().order(BEFORE_THE_REST_ROUTES - 1).handler(this::withinBounds);

    BodyHandler bodies = BodyHandler.create(false).setBodyLimit(maxBodySize.asLongValue());
    router.route().order(BEFORE_THE_REST_ROUTES).method(HttpMethod.POST).method(HttpMethod.PUT)
        .method(HttpMethod.PATCH)
        .handler(context -> {
          HttpServerRequest request = context.request();
          long deadline = vertx.setTimer(edge.bodyTimeout().toMillis(), fired -> EdgeProblems.answerAndClose(request,
              ProblemType.REQUEST_TIMEOUT, "The body did not arrive within " + edge.bodyTimeout().toSeconds()
                  + " s; nothing was changed.", List.of(new FieldError("body", "arrived too slowly or not at all"))));
          context.put(DEADLINE, deadline);
          bodies.handle(context);
        })
        .handler(context -> {
          vertx.cancelTimer(context.<Long>get(DEADLINE));
          if (context.body().buffer() == null) {
            context.setBody(Buffer.buffer());
          }
          context.next();
        })
        .failureHandler(this::bodyRefused);
  }

  private void withinBounds(RoutingContext context) {
    HttpServerRequest request = context.request();
    if (request.uri().length() > edge.maxUriLength()) {
      EdgeProblems.answerAndClose(request, ProblemType.URI_TOO_LONG, "The request target is "
          + request.uri().length() + " characters long; at most " + edge.maxUriLength() + " are read.", List.of());
      return;
    }
    int headerBytes = 0;
    for (Map.Entry<String, String> header : request.headers()) {
      headerBytes += header.getKey().length() + header.getValue().length();
    }
    if (headerBytes > edge.maxHeaderBytes()) {
      EdgeProblems.answerAndClose(request, ProblemType.HEADERS_TOO_LARGE, "The headers are " + headerBytes
          + " bytes; at most " + edge.maxHeaderBytes() + " are read.", List.of());
      return;
    }
    context.next();
  }

  private void bodyRefused(RoutingContext context) {
    Long deadline = context.get(DEADLINE);
    if (deadline != null) {
      vertx.cancelTimer(deadline);
    }
    if (context.statusCode() == 413) {
      EdgeProblems.answerAndClose(context.request(), ProblemType.PAYLOAD_TOO_LARGE, "The body is larger than "
          + maxBodySize.asLongValue() + " bytes; nothing was read past that.",
          List.of(new FieldError("body", "too large")));
    } else {
      context.next();
    }
  }
}
