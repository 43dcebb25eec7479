package care.thoracic.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.Roles;
import care.thoracic.devstack.CareApi.Answer;
import care.thoracic.devstack.Journey;
import care.thoracic.testkit.Tokens;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every operation of every service, as its running OpenAPI document lists it (so a new endpoint is
 * covered without touching this test), called with every kind of caller that must not get in:
 * no token, expired, signed by a stranger, another issuer, no clinic claim where the operation works
 * in a clinic (401); a role the
 * operation does not allow (403); another clinic, or another patient of the clinic: our patient's
 * resources answer as ones that do not exist, with nothing of ours in the answer. Each refusal is problem details. The tally is written to
 * target/token-matrix.md (RELIABILITY.md quotes it).
 */
class TokenMatrixTest {
  private static final List<String> ROLES = List.of(Roles.PATIENT, Roles.CLINICIAN, Roles.CLINIC_ADMIN, Roles.OPS);
  private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z]+)}");
  private final RunningPlatform platform = RunningPlatform.get();
  private final Map<String, Map<Integer, Integer>> tally = new TreeMap<>();

  @Test
  void no_caller_without_the_right_token_role_clinic_and_patient_gets_in() throws IOException {
    String clinic = RunningPlatform.newClinic("matrix");
    String patient = "pat-matrix-" + UUID.randomUUID().toString().substring(0, 8);
    Journey journey = platform.journey(clinic, patient);
    LocalDate onset = journey.tomorrowAt(LocalTime.of(9, 30));
    String triageId = journey.submitIntake(journey.mechanicalIntake(onset, 6)).path("triageId").asText();
    String planId = journey.awaitRunningPlan();
    journey.awaitProgress(planId);
    journey.logSession(planId, onset, 5);
    String reminderId = Journey.await("a reminder", () -> journey.reminders(null).stream().findFirst())
        .path("reminderId").asText();
    Journey urgent = platform.journey(clinic, patient + "-urgent"); // an urgent flag: an item in the work queue
    ObjectNode urgentIntake = urgent.mechanicalIntake(onset, 8);
    ((ObjectNode) urgentIntake.path("redFlags")).put("chestPainOrBreathlessness", true);
    urgent.submitIntake(urgentIntake);
    String itemId = Journey.await("a work item", () -> urgent.workQueue().stream().findFirst()).path("itemId").asText();
    Map<String, String> values = Map.of("patientId", patient, "planId", planId, "triageId", triageId,
        "reminderId", reminderId, "itemId", itemId);
    List<String> ids = List.of(planId, triageId, reminderId, itemId);
    Map<String, String> unknown = Map.of("patientId", "pat-nobody", "planId", UUID.randomUUID().toString(),
        "triageId", UUID.randomUUID().toString(), "reminderId", UUID.randomUUID().toString(),
        "itemId", UUID.randomUUID().toString());

    List<OpenApiOperations> operations = OpenApiOperations.of(platform.api());
    assertThat(operations).as("operations found in the OpenAPI documents").hasSizeGreaterThan(20);
    String otherClinic = RunningPlatform.newClinic("matrix-other");
    for (OpenApiOperations operation : operations) {
      String path = fill(operation, values);
      String allowed = operation.roles().iterator().next();
      String subject = allowed.equals(Roles.PATIENT) ? patient : "staff-1";
      refused(operation, path, "no token", null, 401);
      refused(operation, path, "expired", Tokens.token(clinic, subject, allowed).expired().sign(), 401);
      refused(operation, path, "signed by a stranger", Tokens.token(clinic, subject, allowed).signedByAStranger().sign(), 401);
      refused(operation, path, "another issuer", Tokens.token(clinic, subject, allowed).issuer("https://evil.example").sign(), 401);
      refused(operation, path, "no subject", Tokens.token(clinic, subject, allowed).withoutSubject().sign(), 401);
      refused(operation, path, "issued in the future", Tokens.token(clinic, subject, allowed)
          .issuedAt(Instant.now().plus(Duration.ofMinutes(5))).sign(), 401);
      refused(operation, path, "living longer than allowed", Tokens.token(clinic, subject, allowed)
          .lifetime(Duration.ofDays(30)).sign(), 401);
      if (tenantScoped(operation)) { // ops work on the platform, not in a clinic: their tokens need no clinic
        refused(operation, path, "no clinic claim", Tokens.token(clinic, subject, allowed).withoutClinic().sign(), 401);
        refused(operation, path, "clinic claim a list", Tokens.token(clinic, subject, allowed)
            .clinicClaim(List.of(clinic, otherClinic)).sign(), 401);
        refused(operation, path, "clinic claim a number", Tokens.token(clinic, subject, allowed).clinicClaim(7).sign(),
            401);
      }
      for (String role : ROLES) {
        if (!operation.roles().contains(role)) {
          refused(operation, path, "role " + role, Tokens.token(clinic, role.equals(Roles.PATIENT) ? patient : "x", role).sign(), 403);
        }
      }
      if (!tenantScoped(operation)) {
        continue;
      }
      // staff of another clinic where the operation allows staff (a patient there with our patient's id
      // is another person, who may see their own, empty, records)
      String outsider = operation.roles().contains(Roles.CLINICIAN) ? Roles.CLINICIAN : allowed;
      String otherClinicToken = Tokens.token(otherClinic, outsider.equals(Roles.PATIENT) ? "someone-else" : "staff-2",
          outsider).sign();
      String unknownPath = fill(operation, unknown);
      indistinguishable(operation, "another clinic", otherClinicToken, path, unknownPath, ids);
      if (operation.roles().contains(Roles.PATIENT) && !path.equals(operation.path())) {
        indistinguishable(operation, "another patient", Tokens.token(clinic, "someone-else", Roles.PATIENT).sign(),
            path, unknownPath, ids);
      }
    }
    writeTally(operations.size());
  }

  /** Ops work on the platform, not in a clinic. */
  private static boolean tenantScoped(OpenApiOperations operation) {
    return !operation.roles().equals(Set.of(Roles.OPS));
  }

  private static String fill(OpenApiOperations operation, Map<String, String> values) {
    Matcher parameter = PARAMETER.matcher(operation.path());
    StringBuilder path = new StringBuilder();
    while (parameter.find()) {
      String value = values.get(parameter.group(1));
      assertThat(value).as("a value for {" + parameter.group(1) + "} of " + operation.name()
          + " (a new path parameter: add it to the matrix's values)").isNotNull();
      parameter.appendReplacement(path, value);
    }
    return parameter.appendTail(path).toString();
  }

  private void refused(OpenApiOperations operation, String path, String caller, String token, int expected) {
    Answer answer = send(operation, path, token);
    count(caller, answer.status());
    assertThat(answer.status()).as(operation.name() + " as " + caller + ": " + answer.body()).isEqualTo(expected);
    assertThat(answer.contentType()).as(operation.name() + " as " + caller).startsWith("application/problem+json");
  }

  /**
   * To a caller from outside, our patient's resources answer exactly as ones that do not exist (so
   * not even their existence shows), never with success for a plan, triage or reminder, and never
   * with any of our ids. (Patient ids are each clinic's own: in another clinic ours is nobody.)
   */
  private void indistinguishable(OpenApiOperations operation, String caller, String token, String path, String unknownPath,
      List<String> ids) {
    Answer ours = send(operation, path, token);
    Answer nobodys = send(operation, unknownPath, token);
    count(caller, ours.status());
    assertThat(ours.status()).as(operation.name() + " as " + caller + " for ours vs for nobody's: " + ours.body())
        .isEqualTo(nobodys.status());
    // an id the caller sent may come back in the problem's detail and instance: it told them nothing
    assertThat(ours.body()).as(operation.name() + " as " + caller)
        .doesNotContain(ids.stream().filter(id -> !path.contains(id)).toList());
    if (operation.path().matches(".*\\{(planId|triageId|reminderId|itemId)}.*")) {
      assertThat(ours.status()).as(operation.name() + " as " + caller).isIn(400, 404);
    }
  }

  private Answer send(OpenApiOperations operation, String path, String token) {
    Object body = operation.takesBody() ? Map.of() : null;
    return platform.api().exchange(operation.service(), operation.method(), path, token, body,
        Map.of("If-Match", "\"1\"", "Accept", operation.accept()));
  }

  private void count(String caller, int status) {
    tally.computeIfAbsent(caller, c -> new TreeMap<>()).merge(status, 1, Integer::sum);
  }

  private void writeTally(int operations) throws IOException {
    StringBuilder table = new StringBuilder("| caller | requests | answers |\n|---|---|---|\n");
    tally.forEach((caller, answers) -> table.append("| ").append(caller).append(" | ")
        .append(answers.values().stream().mapToInt(Integer::intValue).sum()).append(" | ").append(answers).append(" |\n"));
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "token-matrix.md"),
        operations + " operations from the four OpenAPI documents\n\n" + table);
    System.out.println(table);
  }
}
