package care.thoracic.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.Roles;
import care.thoracic.devstack.CareApi;
import care.thoracic.devstack.CareApi.Answer;
import care.thoracic.devstack.Journey;
import care.thoracic.devstack.CareApi.Service;
import care.thoracic.testkit.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * On the running platform: every read of a patient's data that the four OpenAPI documents list (so a
 * new endpoint is covered without touching this test), the journey's own changes, a clinic list that
 * shows the patient and a stream opened by ticket each reach the clinic's access log, under the
 * request's correlation id, as the endpoint's path template. The tally goes to target/access-audit.md.
 */
class EveryPatientAccessAuditedTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z]+)}");
  private final RunningPlatform platform = RunningPlatform.get();
  private final CareApi api = platform.api();

  /** One request whose accesses the log must show: for which patients, as what. */
  private record Expected(String correlationId, String resource, Set<String> patients, String action, boolean viaTicket) {}

  @Test
  void every_read_change_list_and_stream_of_a_patients_data_is_in_the_clinics_access_log() throws IOException {
    String clinic = RunningPlatform.newClinic("audit");
    String patient = "pat-audit-" + UUID.randomUUID().toString().substring(0, 8);
    Journey journey = platform.journey(clinic, patient);
    LocalDate onset = journey.tomorrowAt(LocalTime.of(9, 30));
    String triageId = journey.submitIntake(journey.mechanicalIntake(onset, 6)).path("triageId").asText();
    String planId = journey.awaitRunningPlan();
    journey.awaitProgress(planId);
    journey.logSession(planId, onset, 5);
    String reminderId = Journey.await("a reminder", () -> journey.reminders(null).stream().findFirst())
        .path("reminderId").asText();
    Journey urgent = platform.journey(clinic, patient + "-urgent");
    ObjectNode urgentIntake = urgent.mechanicalIntake(onset, 8);
    ((ObjectNode) urgentIntake.path("redFlags")).put("chestPainOrBreathlessness", true);
    urgent.submitIntake(urgentIntake);
    String itemId = Journey.await("a work item", () -> urgent.workQueue().stream().findFirst()).path("itemId").asText();
    Map<String, String> values = Map.of("patientId", patient, "planId", planId, "triageId", triageId,
        "reminderId", reminderId, "itemId", itemId);
    Map<String, String> patientOf = Map.of("patientId", patient, "planId", patient, "triageId", patient,
        "reminderId", patient, "itemId", urgent.patientId());
    String admin = Tokens.clinicAdmin(clinic, "admin-audit");

    List<Expected> expected = new ArrayList<>();
    int reads = 0;
    for (OpenApiOperations operation : OpenApiOperations.of(api)) {
      if (!operation.method().equals("GET") || operation.roles().equals(Set.of(Roles.OPS))) {
        continue;
      }
      Set<String> patients = new LinkedHashSet<>();
      Matcher parameter = PARAMETER.matcher(operation.path());
      StringBuilder path = new StringBuilder();
      while (parameter.find()) {
        patients.add(patientOf.get(parameter.group(1)));
        parameter.appendReplacement(path, values.get(parameter.group(1)));
      }
      parameter.appendTail(path);
      String role = operation.roles().contains(Roles.CLINIC_ADMIN) ? Roles.CLINIC_ADMIN
          : operation.roles().contains(Roles.CLINICIAN) ? Roles.CLINICIAN : Roles.PATIENT;
      String token = role.equals(Roles.PATIENT) ? journey.patientToken() : Tokens.token(clinic, "staff-audit", role).sign();
      String correlationId = "audit-" + reads++ + "-" + UUID.randomUUID().toString().substring(0, 8);
      Answer answer = api.exchange(operation.service(), "GET", path.toString(), token, null,
          Map.of("X-Correlation-Id", correlationId, "Accept", operation.accept()));
      assertThat(answer.status()).as(operation.name() + ": " + answer.body()).isLessThan(500);
      boolean clinicList = patients.isEmpty();
      if (clinicList) {
        patients.addAll(patientsListed(answer)); // whoever the list showed
      }
      if (!patients.isEmpty()) {
        expected.add(new Expected(correlationId, "GET " + operation.path(), patients,
            clinicList ? "LIST" : operation.path().endsWith("/stream") ? "STREAM" : "READ", false));
      }
    }
    assertThat(expected).as("reads of patient data found in the OpenAPI documents").hasSizeGreaterThan(15);
    assertThat(expected).as("the clinic lists show our patients")
        .anyMatch(e -> e.resource().equals("GET /clinic/work-queue") && e.patients().contains(urgent.patientId()))
        .anyMatch(e -> e.resource().equals("GET /clinic/plans") && e.patients().contains(patient));

    String feed = "/patients/" + patient + "/feed";
    JsonNode ticket = api.send(Service.REMINDER, "POST", feed + "/tickets", journey.patientToken(), null,
        Map.of("X-Correlation-Id", "audit-ticket-" + patient), 201);
    Answer stream = api.exchange(Service.REMINDER, "GET", ticket.path("stream").asText(), null, null,
        Map.of("X-Correlation-Id", "audit-stream-" + patient, "Accept", "text/event-stream"));
    assertThat(stream.status()).isEqualTo(200);
    expected.add(new Expected("audit-ticket-" + patient, "POST /patients/{patientId}/feed/tickets", Set.of(patient),
        "CREATE", false));
    expected.add(new Expected("audit-stream-" + patient, "GET /patients/{patientId}/feed/stream", Set.of(patient),
        "STREAM", true));

    int records = 0;
    for (String someone : List.of(patient, urgent.patientId())) {
      List<JsonNode> log = awaitLog(admin, someone, expected.stream().filter(e -> e.patients().contains(someone)).toList());
      for (Expected access : expected.stream().filter(e -> e.patients().contains(someone)).toList()) {
        JsonNode entry = log.stream().filter(e -> e.path("correlationId").asText().equals(access.correlationId()))
            .findFirst().orElseThrow();
        assertThat(entry.path("resource").asText()).as(access.correlationId()).isEqualTo(access.resource());
        assertThat(entry.path("action").asText()).as(access.resource()).isEqualTo(access.action());
        assertThat(entry.path("viaTicket").asBoolean()).as(access.resource()).isEqualTo(access.viaTicket());
        records++;
      }
      assertThat(log).as("the journey's own changes are there too: the intake and the session")
          .anyMatch(e -> e.path("resource").asText().equals("POST /triage") && e.path("action").asText().equals("CREATE"))
          .anyMatch(e -> !someone.equals(patient)
              || e.path("resource").asText().equals("POST /plans/{planId}/sessions") && e.path("action").asText().equals("CREATE"));
    }
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "access-audit.md"), expected.size() + " requests that reached a patient "
        + "(every documented read, a ticket, a stream opened by ticket): " + records + " access records found, one "
        + "per patient reached, each under its request's correlation id and endpoint\n");
  }

  private static List<String> patientsListed(Answer answer) {
    List<String> listed = new ArrayList<>();
    try {
      JsonNode body = answer.body().isBlank() ? JSON.nullNode() : JSON.readTree(answer.body());
      body.path("items").forEach(item -> {
        if (item.hasNonNull("patientId")) {
          listed.add(item.path("patientId").asText());
        }
      });
    } catch (IOException notJson) {
      return listed;
    }
    return listed;
  }

  private List<JsonNode> awaitLog(String admin, String patient, List<Expected> expected) {
    return Journey.await("the access log of " + patient, Duration.ofSeconds(60), () -> {
      List<JsonNode> log = new ArrayList<>();
      api.get(Service.PLAN, "/patients/" + patient + "/access-log?size=200", admin).path("items").forEach(log::add);
      boolean complete = expected.stream().allMatch(e -> log.stream()
          .anyMatch(entry -> entry.path("correlationId").asText().equals(e.correlationId())));
      return complete ? Optional.of(log) : Optional.empty();
    });
  }
}
