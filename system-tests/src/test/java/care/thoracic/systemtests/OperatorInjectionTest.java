package care.thoracic.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.Roles;
import care.thoracic.devstack.CareApi.Answer;
import care.thoracic.devstack.Journey;
import care.thoracic.testkit.Tokens;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * MongoDB operators and pattern tricks where an id or a filter goes: in every path parameter and
 * every query parameter of every operation the OpenAPI documents list. None may match anything:
 * the answer is a 4xx problem, or (for a query parameter that only narrows a list) a list that
 * holds nothing of another clinic. Run as that clinic's own staff and patient, so a filter that
 * was interpreted would show the clinic's data.
 */
class OperatorInjectionTest {
  private static final List<String> INJECTIONS = List.of("{\"$gt\": \"\"}", "{\"$ne\": null}",
      "{\"$where\": \"sleep(100) || true\"}", "$gt", ".*", "[$ne]=1", "pat-1' || '1'=='1", "../../admin/clock");
  private final RunningPlatform platform = RunningPlatform.get();

  @Test
  void operators_in_ids_and_query_parameters_match_nothing() {
    String clinic = RunningPlatform.newClinic("inject");
    Journey journey = platform.journey(clinic, "pat-inject");
    LocalDate onset = journey.tomorrowAt(LocalTime.of(9, 30));
    journey.submitIntake(journey.mechanicalIntake(onset, 6));
    String planId = journey.awaitRunningPlan();
    // a second clinic's plan: what an interpreted operator could reach
    Journey other = platform.journey(RunningPlatform.newClinic("inject-other"), "pat-other");
    other.submitIntake(other.mechanicalIntake(onset, 6));
    String otherPlan = other.awaitRunningPlan();

    int requests = 0;
    for (OpenApiOperations operation : OpenApiOperations.of(platform.api())) {
      String token = token(operation, journey);
      for (String injection : INJECTIONS) {
        String encoded = URLEncoder.encode(injection, StandardCharsets.UTF_8).replace("+", "%20");
        if (operation.path().contains("{")) {
          String path = operation.path().replaceAll("\\{[A-Za-z]+}", encoded);
          Answer answer = send(operation, path, token);
          requests++;
          assertThat(answer.status()).as(operation.name() + " with " + injection + " as every id: " + answer.body())
              .isIn(400, 404, 405);
          assertThat(answer.contentType()).as(operation.name()).startsWith("application/problem+json");
        }
        String path = operation.path().replace("{planId}", planId).replace("{patientId}", journey.patientId())
            .replaceAll("\\{[A-Za-z]+}", UUID.randomUUID().toString());
        for (String parameter : operation.queryParameters()) {
          Answer answer = send(operation, path + "?" + parameter + "=" + encoded, token);
          requests++;
          String what = operation.name() + " with ?" + parameter + "=" + injection + ": " + answer.body();
          assertThat(answer.status()).as(what).isNotEqualTo(500);
          assertThat(answer.body()).as(what).doesNotContain(otherPlan);
          if (answer.status() >= 400) {
            assertThat(answer.contentType()).as(what).startsWith("application/problem+json");
          }
        }
      }
    }
    assertThat(requests).as("requests sent").isGreaterThan(200);
    System.out.println("operator injection: " + requests + " requests, none matched anything");
  }

  private static String token(OpenApiOperations operation, Journey journey) {
    if (operation.roles().contains(Roles.CLINICIAN)) {
      return journey.clinicianToken();
    }
    if (operation.roles().contains(Roles.PATIENT)) {
      return journey.patientToken();
    }
    return Tokens.token(journey.clinic(), "ops", operation.roles().iterator().next()).sign();
  }

  private Answer send(OpenApiOperations operation, String path, String token) {
    return platform.api().exchange(operation.service(), operation.method(), path, token,
        operation.takesBody() ? Map.of() : null, Map.of("Accept", operation.accept(), "If-Match", "\"1\""));
  }
}
