package care.thoracic.web.pages;

import care.thoracic.web.backend.ServiceProblem;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.ClientWebApplicationException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A service's refusal or silence as a page: not found stays not found (another clinic's plan is
 * simply not there), a service that does not answer is a 503 that says to try again.
 */
public class Failures {
  @CheckedTemplate(basePath = "failure")
  static class Templates {
    static native TemplateInstance failure(int status, String message);
  }

  public static TemplateInstance page(int status, String message) {
    return Templates.failure(status, message);
  }

  @ServerExceptionMapper
  public Response serviceRefused(ClientWebApplicationException refused) {
    return answer(ServiceProblem.of(refused));
  }

  @ServerExceptionMapper
  public Response serviceSilent(ProcessingException silent) {
    return answer(ServiceProblem.of(silent));
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException forbidden) {
    return shown(Response.Status.FORBIDDEN.getStatusCode(), "This page is not for your account.");
  }

  private static Response answer(ServiceProblem problem) {
    if (problem.notFound()) {
      return shown(404, "There is nothing here, or it is not in your clinic.");
    }
    if (problem.status() == 401 || problem.status() == 403) {
      return shown(403, "This is not for your account.");
    }
    if (problem.status() >= 500) {
      return shown(503, "A part of the platform is not answering just now. Please try again in a minute.");
    }
    return shown(problem.status(), problem.detail());
  }

  private static Response shown(int status, String message) {
    return Response.status(status).type(MediaType.TEXT_HTML_TYPE).entity(Templates.failure(status, message)).build();
  }
}
