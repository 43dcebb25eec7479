package care.thoracic.platform.problem;

import care.thoracic.platform.trace.RequestTrace;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * Problems answered below the REST layer, where no exception mapper runs: a body that does not
 * arrive in time (408), one over the limit (413), a target or headers over their bounds (414, 431).
 * They have the same shape as every other problem; the connection is closed after them, since what
 * is left of the request on it cannot be trusted.
 */
public final class EdgeProblems {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EdgeProblems() {}

  public static void answerAndClose(HttpServerRequest request, ProblemType type, String detail,
      List<FieldError> errors) {
    HttpServerResponse response = request.response();
    if (response.ended() || response.closed()) {
      return;
    }
    String correlationId = RequestTrace.correlationIdFrom(request.getHeader(RequestTrace.HEADER));
    Problem problem = new Problem(type.uri(), type.title(), type.status(), detail, instance(request), correlationId,
        errors);
    String body;
    try {
      body = JSON.writeValueAsString(problem);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    response.setStatusCode(type.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .putHeader(HttpHeaders.CONNECTION, "close")
        .putHeader(RequestTrace.HEADER, correlationId)
        .end(body)
        .onComplete(done -> request.connection().close());
  }

  /** The path, cut where a client-chosen one would make the answer as long as the request. */
  private static String instance(HttpServerRequest request) {
    String path = request.path() == null ? "/" : request.path();
    return FieldValues.cut(path);
  }
}
