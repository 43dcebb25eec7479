package care.thoracic.web;

import care.thoracic.testkit.TestKeycloak;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * What the people of the committed realm do through the services' APIs while a test's browser
 * watches: each call carries a Keycloak access token of that person, as an app would send it.
 */
final class PlatformCalls {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static URI service(String name) {
    return URI.create(ConfigProvider.getConfig().getValue("quarkus.rest-client." + name + ".url", String.class));
  }

  /** A desk worker's intake with mid-back pain since last week; {@code chestPain} makes it urgent. */
  static ObjectNode intake(String patientId, int pain, boolean chestPain) {
    try {
      return (ObjectNode) JSON.readTree("""
          {"patientId": "%s", "age": 38, "timezone": "Europe/Berlin", "painScore": %d,
           "painRegion": {"from": "T4", "to": "T8"}, "onset": "GRADUAL", "onsetDate": "%s",
           "aggravators": ["SITTING", "DESK_WORK"], "history": [], "symptoms": [],
           "redFlags": {"progressiveNumbness": false, "bowelBladderDysfunction": false, "fever": false,
                        "unexplainedWeightLoss": false, "significantTrauma": false, "chestPainOrBreathlessness": %s},
           "work": {"deskHoursPerDay": 8, "workStart": "09:00", "workEnd": "17:00", "standingDesk": false}}
          """.formatted(patientId, pain, LocalDate.now().minusDays(10), chestPain));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A session logged today (in the intake's zone) with no exercise ticked, and the signs given. */
  static ObjectNode session(int painBefore, String... symptoms) {
    ObjectNode session = JSON.createObjectNode().put("sessionId", UUID.randomUUID().toString())
        .put("performedOn", LocalDate.now(ZoneId.of("Europe/Berlin")).toString())
        .put("painBefore", painBefore).put("painAfter", Math.max(0, painBefore - 1));
    session.putArray("exercises");
    Arrays.stream(symptoms).forEach(session.putArray("symptoms")::add);
    return session;
  }

  JsonNode post(String service, String path, String username, JsonNode body, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(service(service).resolve(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body == null ? "{}" : body.toString()));
    headers.forEach(request::header);
    return send(request, username, 201, 200).orElseThrow();
  }

  Optional<JsonNode> find(String service, String path, String username) {
    return send(HttpRequest.newBuilder(service(service).resolve(path)).GET(), username, 200);
  }

  /** Polls until {@code probe} answers, for up to a minute. */
  static <T> T await(String what, Supplier<Optional<T>> probe) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<T> answer = probe.get();
      if (answer.isPresent()) {
        return answer.get();
      }
      Thread.sleep(250);
    }
    throw new AssertionError("waited " + PATIENCE + " for " + what);
  }

  /** The patient's plan once it satisfies {@code status}. */
  JsonNode awaitPlan(String patientId, String status) throws InterruptedException {
    return await("the plan of " + patientId + " to be " + status, () -> find("plan", "/patients/" + patientId + "/plan",
        patientId).filter(plan -> plan.path("status").asText().equals(status)));
  }

  JsonNode decide(String planId, String decision, long version, String reason, String clinician) {
    return post("plan", "/plans/" + planId + "/" + decision, clinician, JSON.createObjectNode().put("reason", reason),
        Map.of("If-Match", "\"" + version + "\""));
  }

  private Optional<JsonNode> send(HttpRequest.Builder request, String username, int... expected) {
    request.header("Authorization", "Bearer " + TestKeycloak.get().accessToken(username)).timeout(Duration.ofSeconds(30));
    try {
      HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      for (int status : expected) {
        if (answer.statusCode() == status) {
          return Optional.of(JSON.readTree(answer.body()));
        }
      }
      if (answer.statusCode() == 404) {
        return Optional.empty();
      }
      throw new AssertionError(request.build().uri() + " answered " + answer.statusCode() + ": " + answer.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
