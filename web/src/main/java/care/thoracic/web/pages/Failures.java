package care.thoracic.web.pages;

import care.thoracic.web.backend.ServiceProblem;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.ClientWebApplicationException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A service's refusal or silence as a page: not found stays not found (another clinic's plan is
 * simply not there), a service that does not answer is a 503 that says to try again.
 */
public class Failures {
  private static final Logger LOG = Logger.getLogger(Failures.class);

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

  /** A form in a character set nobody knows ({@code charset=x-bogus}): the form reader fails on it, not the person. */
  @ServerExceptionMapper({UnsupportedCharsetException.class, IllegalCharsetNameException.class})
  public Response unknownCharset(IllegalArgumentException unknown) {
    return shown(Response.Status.UNSUPPORTED_MEDIA_TYPE.getStatusCode(),
        "This form came in a character set the application does not read; send it as UTF-8.");
  }

  /**
   * What no other mapper takes: a request the framework broke on (a form of more than 1,000 fields,
   * whose reader throws a bare RuntimeException) is the sender's 413, anything else a page of ours
   * with the failure logged, never the framework's error page. An answer already made (a
   * WebApplicationException) stays as it is.
   */
  @ServerExceptionMapper
  public Response unexpected(RuntimeException failure) {
    if (failure instanceof WebApplicationException answered) {
      return answered.getResponse();
    }
    if (String.valueOf(failure.getMessage()).startsWith("Param limit of")) {
      return shown(Response.Status.REQUEST_ENTITY_TOO_LARGE.getStatusCode(),
          "This form has more fields than any page of this application sends.");
    }
    LOG.error("a request failed", failure);
    return shown(500, "Something went wrong on our side; nothing of yours was lost. Please try again.");
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
