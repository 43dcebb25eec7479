package care.thoracic.web.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * What a service answered instead of what was asked, as a page can say it: the status, the
 * problem's type (its last path segment, e.g. {@code conflict}), and the detail the service gave.
 */
public record ServiceProblem(int status, String type, String detail, List<FieldProblem> errors) {
  /** What the service said of one field, e.g. {@code painRegion}: "from (T8) must not be below to (T4)". */
  public record FieldProblem(String field, String message) {}

  /** The service's answer was not a success, or the service did not answer at all. */
  public static ServiceProblem of(RuntimeException failure) {
    if (failure instanceof WebApplicationException answered) {
      Response response = answered.getResponse();
      JsonNode problem = readProblem(response);
      String type = problem.path("type").asText("");
      List<FieldProblem> errors = new ArrayList<>();
      problem.path("errors").forEach(error -> errors.add(new FieldProblem(error.path("field").asText(),
          error.path("message").asText())));
      return new ServiceProblem(response.getStatus(), type.substring(type.lastIndexOf('/') + 1),
          problem.path("detail").asText(problem.path("title").asText("")), errors);
    }
    if (failure instanceof ProcessingException) {
      return new ServiceProblem(503, "unavailable", "a service did not answer in time", List.of());
    }
    throw failure;
  }

  private static JsonNode readProblem(Response response) {
    try {
      response.bufferEntity();
      JsonNode body = response.readEntity(JsonNode.class);
      return body == null ? MissingNode.getInstance() : body;
    } catch (RuntimeException notJson) {
      return MissingNode.getInstance();
    }
  }

  /** Someone else changed it after it was read: the {@code If-Match} version is no longer current. */
  public boolean changedMeanwhile() {
    return status == 409 && type.equals("conflict");
  }

  public boolean notFound() {
    return status == 404 || status == 410;
  }
}
