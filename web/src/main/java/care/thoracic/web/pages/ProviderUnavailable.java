package care.thoracic.web.pages;

import io.quarkus.oidc.OIDCException;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * When Keycloak does not answer, logging in cannot start: that is a 503 that says to try again, not
 * a 500 (the failure arises before any page resource, so JAX-RS mappers never see it).
 */
@ApplicationScoped
public class ProviderUnavailable {
  void onRouter(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE).failureHandler(context -> {
      if (context.failure() instanceof OIDCException && !context.response().headWritten()) {
        context.response().setStatusCode(503).putHeader("Content-Type", "text/plain; charset=utf-8")
            .putHeader("Retry-After", "30")
            .end("Logging in is not possible just now: the clinic's identity provider does not answer. "
                + "Please try again in a minute.");
      } else {
        context.next();
      }
    });
  }
}
