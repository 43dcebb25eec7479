package care.thoracic.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.devstack.CareApi;
import care.thoracic.devstack.CareApi.Service;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every operation the four running services document at {@code /q/openapi}: what the security
 * and input tests walk, so a new endpoint is covered without touching them.
 *
 * @param roles the roles its security requirement names
 * @param accept the media type its success answers in (FHIR views are not plain JSON)
 * @param queryParameters the names of its query parameters
 */
record OpenApiOperations(Service service, String method, String path, Set<String> roles, String accept,
    boolean takesBody, List<String> queryParameters) {
  private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

  static List<OpenApiOperations> of(CareApi api) {
    List<OpenApiOperations> operations = new ArrayList<>();
    for (Service service : Service.values()) {
      JsonNode document = api.get(service, "/q/openapi?format=json", null);
      document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(entry -> {
        if (METHODS.contains(entry.getKey())) {
          operations.add(of(service, entry.getKey().toUpperCase(), path.getKey(), entry.getValue()));
        }
      }));
    }
    return operations;
  }

  private static OpenApiOperations of(Service service, String method, String path, JsonNode operation) {
    Set<String> roles = new LinkedHashSet<>();
    operation.path("security").forEach(requirement -> requirement.fields()
        .forEachRemaining(scheme -> scheme.getValue().forEach(role -> roles.add(role.asText()))));
    assertThat(roles).as(service + " " + method + " " + path + " names the roles it allows").isNotEmpty();
    String accept = "application/json";
    for (Map.Entry<String, JsonNode> response : (Iterable<Map.Entry<String, JsonNode>>) () -> operation.path("responses").fields()) {
      if (response.getKey().startsWith("2") && response.getValue().path("content").fieldNames().hasNext()) {
        accept = response.getValue().path("content").fieldNames().next();
      }
    }
    List<String> query = new ArrayList<>();
    operation.path("parameters").forEach(parameter -> {
      if (parameter.path("in").asText().equals("query")) {
        query.add(parameter.path("name").asText());
      }
    });
    return new OpenApiOperations(service, method, path, roles, accept, operation.has("requestBody"), query);
  }

  String name() {
    return service + " " + method + " " + path;
  }
}
