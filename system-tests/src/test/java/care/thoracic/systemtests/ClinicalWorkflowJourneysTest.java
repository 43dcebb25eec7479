package care.thoracic.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.Topic;
import care.thoracic.contracts.events.WorkItemEscalated;
import care.thoracic.devstack.CareApi.Service;
import care.thoracic.devstack.CareApi;
import care.thoracic.devstack.Journey;
import care.thoracic.testkit.TestEvents;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * CLINICAL §8's journeys across the rules, on the four packaged services with a real broker and
 * store: a retried and a repeated triage, an urgent re-triage of a patient with a running plan, a
 * resume that sticks, and a second hold that reaches the work queue and is escalated until a
 * clinician acknowledges it.
 */
class ClinicalWorkflowJourneysTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RunningPlatform platform = RunningPlatform.get();

  private static ObjectNode structuralIntake(Journey journey, LocalDate onset) {
    ObjectNode intake = journey.mechanicalIntake(onset, 6);
    intake.put("age", 62).put("onset", "SUDDEN");
    intake.putArray("history").add("OSTEOPOROSIS");
    return intake;
  }

  private List<JsonNode> plansOf(Journey journey) {
    return platform.api().all(Service.PLAN, "/clinic/plans", journey.clinicianToken()).stream()
        .filter(plan -> plan.path("patientId").asText().equals(journey.patientId())).toList();
  }

  private static JsonNode json(CareApi.Answer answer) throws Exception {
    return JSON.readTree(answer.body());
  }

  @Test
  void a_retried_intake_is_one_triage_and_a_repeated_one_waits_for_a_clinician_who_replaces_the_plan()
      throws Exception {
    Journey journey = platform.journey(RunningPlatform.newClinic("retriage"), "pat-1");
    LocalDate onset = journey.tomorrowAt(LocalTime.of(9, 30));
    ObjectNode intake = journey.mechanicalIntake(onset, 6);
    String key = UUID.randomUUID().toString();

    CareApi.Answer first = journey.submitIntake(intake, key);
    CareApi.Answer retried = journey.submitIntake(intake, key); // the app lost the answer and sent it again
    assertThat(first.status()).isEqualTo(201);
    assertThat(retried.status()).isEqualTo(201);
    assertThat(json(retried).path("triageId")).isEqualTo(json(first).path("triageId"));
    CareApi.Answer reused = journey.submitIntake(journey.mechanicalIntake(onset, 7), key);
    assertThat(reused.status()).isEqualTo(422);
    assertThat(reused.contentType()).startsWith("application/problem+json");
    String planId = journey.awaitRunningPlan();

    JsonNode again = journey.submitIntake(structuralIntake(journey, onset));
    assertThat(again.path("category").asText()).isEqualTo("STRUCTURAL");
    JsonNode waiting = Journey.await("the re-triage in the work queue", () -> journey.workQueue().stream()
        .filter(item -> item.path("kind").asText().equals("RE_TRIAGED")).findFirst());
    assertThat(waiting.path("planId").asText()).isEqualTo(planId);
    JsonNode plan = journey.awaitPlan("to record the re-triage", p -> p.path("retriages").size() == 1);
    assertThat(plan.path("planId").asText()).isEqualTo(planId);
    assertThat(plan.path("status").asText()).isEqualTo("ACTIVE");
    assertThat(plansOf(journey)).as("one plan per patient").hasSize(1);

    JsonNode replaced = journey.decideRetriage(again.path("triageId").asText(), "REPLACE_PLAN",
        "Osteoporosis and a sudden onset: the modified programme, after imaging.");
    assertThat(replaced.path("status").asText()).isEqualTo("COMPLETED");
    JsonNode replacement = journey.awaitPlan("to be replaced", Journey.status("AWAITING_APPROVAL"));
    assertThat(replacement.path("planId").asText()).isNotEqualTo(planId);
    assertThat(replacement.path("variant").asText()).isEqualTo("STRUCTURAL");
    Journey.await("the approval, not the re-triage, waiting in the queue", () -> Optional.of(journey.workQueue())
        .filter(items -> items.stream().map(item -> item.path("kind").asText()).toList().equals(List.of("APPROVAL"))));
    Journey.await("the ended plan's reminders cancelled",
        () -> Optional.of(journey.reminders("PENDING")).filter(List::isEmpty));
  }

  @Test
  void an_urgent_retriage_suspends_the_running_plan_and_its_reminders_and_starts_none() {
    Journey journey = platform.journey(RunningPlatform.newClinic("urgent-retriage"), "pat-2");
    LocalDate onset = journey.tomorrowAt(LocalTime.of(9, 30));
    journey.submitIntake(journey.mechanicalIntake(onset, 5));
    String planId = journey.awaitRunningPlan();
    Journey.await("reminders for the running plan", () -> Optional.of(journey.reminders("PENDING"))
        .filter(pending -> !pending.isEmpty()));

    ObjectNode urgent = journey.mechanicalIntake(onset, 8);
    ((ObjectNode) urgent.path("redFlags")).put("chestPainOrBreathlessness", true);
    assertThat(journey.submitIntake(urgent).path("disposition").asText()).isEqualTo("URGENT");

    JsonNode suspended = journey.awaitPlan("to be suspended", Journey.status("SUSPENDED"));
    assertThat(suspended.path("planId").asText()).isEqualTo(planId);
    Journey.await("no exercise reminder left for a patient sent to emergency care",
        () -> Optional.of(journey.reminders("PENDING")).filter(List::isEmpty));
    JsonNode first = Journey.await("the urgent flag first in the queue", () -> journey.workQueue().stream()
        .findFirst().filter(item -> item.path("kind").asText().equals("URGENT_RED_FLAG")));
    assertThat(first.path("planId").asText()).isEqualTo(planId);
    assertThat(plansOf(journey)).hasSize(1);
  }

  @Test
  void a_clinicians_resume_from_worsening_pain_sticks_while_the_pain_stays_where_it_was() {
    Journey journey = platform.journey(RunningPlatform.newClinic("resume"), "pat-3");
    LocalDate onset = journey.tomorrowAt(LocalTime.of(9, 30));
    journey.submitIntake(journey.mechanicalIntake(onset, 5));
    String planId = journey.awaitRunningPlan();
    journey.awaitProgress(planId); // progress-service takes sessions once it has read the plan's start

    journey.liveDays(planId, 10, (day, date, plan) -> journey.logSession(planId, date, 8),
        Journey.status("SUSPENDED"));
    JsonNode flag = Journey.await("the flag in the inbox", () -> journey.flags("OPEN").stream().findFirst());
    assertThat(flag.path("code").asText()).isEqualTo("WORSENING_PAIN");

    journey.decide("resume", "Flare after moving house; pain steady at 8 is expected for two weeks.");
    journey.awaitPlan("to run again", Journey.status("ACTIVE"));
    journey.liveDays(planId, 5, (day, date, plan) -> {
      awaitChecked(journey, planId, date); // the day's progress check has run
      journey.logSession(planId, date, 8);
    }, plan -> false);

    assertThat(journey.plan(planId).path("status").asText()).isEqualTo("ACTIVE");
    assertThat(journey.flags("OPEN")).as("the same pain raises nothing again").isEmpty();
  }

  @Test
  void a_second_hold_reaches_the_queue_and_is_escalated_at_each_deadline_until_acknowledged() {
    String clinic = RunningPlatform.newClinic("review");
    Journey journey = platform.journey(clinic, "pat-4");
    LocalDate onset = journey.tomorrowAt(LocalTime.of(9, 30));
    journey.submitIntake(journey.mechanicalIntake(onset, 5));
    String planId = journey.awaitRunningPlan();

    JsonNode held = journey.liveDays(planId, 40, (day, date, plan) -> { }, // no sessions at all
        plan -> plan.path("clinicianReviewRequested").asBoolean());
    assertThat(held.path("consecutiveHolds").asInt()).isEqualTo(2);
    JsonNode item = Journey.await("the review request in the queue", () -> journey.workQueue().stream()
        .filter(waiting -> waiting.path("kind").asText().equals("REVIEW_REQUEST")).findFirst());
    Instant deadline = Instant.parse(item.path("deadline").asText());
    assertThat(deadline).isEqualTo(Instant.parse(item.path("openedAt").asText()).plus(Duration.ofDays(3)));
    String itemId = item.path("itemId").asText();

    moveClocksTo(journey, deadline.plus(Duration.ofMinutes(1)));
    Journey.await("escalated once its deadline passed", () -> Optional.of(journey.workItem(itemId))
        .filter(now -> now.path("escalations").asInt() == 1));
    moveClocksTo(journey, deadline.plus(Duration.ofDays(3)).plus(Duration.ofMinutes(1)));
    Journey.await("escalated again at the next deadline", () -> Optional.of(journey.workItem(itemId))
        .filter(now -> now.path("escalations").asInt() == 2));
    List<Integer> levels = Journey.await("the escalations on care.workitem.v1", () -> Optional.of(
        TestEvents.published(Topic.WORK_ITEM, Tenant.of(clinic), platform.payloads()).stream()
            .map(envelope -> envelope.event()).filter(WorkItemEscalated.class::isInstance)
            .map(event -> ((WorkItemEscalated) event).level()).toList()).filter(found -> found.size() == 2));
    assertThat(levels).containsExactly(1, 2);

    JsonNode acknowledged = journey.acknowledge(itemId);
    assertThat(acknowledged.path("acknowledgedBy").asText()).isNotBlank();
    // another patient's urgent flag in the same clinic: its escalation shows the job ran after the clock moved
    Journey other = platform.journey(clinic, "pat-5");
    ObjectNode urgent = other.mechanicalIntake(onset, 8);
    ((ObjectNode) urgent.path("redFlags")).put("chestPainOrBreathlessness", true);
    other.submitIntake(urgent);
    JsonNode sentinel = Journey.await("the other patient's flag", () -> other.workQueue().stream().findFirst());
    moveClocksTo(journey, deadline.plus(Duration.ofDays(9)).plus(Duration.ofMinutes(1)));
    Journey.await("the escalation job to have run at the new time", () -> Optional.of(other.workItem(
        sentinel.path("itemId").asText())).filter(now -> now.path("escalations").asInt() > 0));
    JsonNode after = journey.workItem(itemId);
    assertThat(after.path("escalations").asInt()).as("acknowledged: not escalated again").isEqualTo(2);
    assertThat(after.path("status").asText()).as("acknowledged, not settled").isEqualTo("OPEN");
  }

  private static void moveClocksTo(Journey journey, Instant at) {
    var local = at.atZone(BERLIN);
    journey.moveClocksTo(local.toLocalDate(), local.toLocalTime());
  }

  /** Until progress-service's daily check of the plan has run on {@code date}. */
  private void awaitChecked(Journey journey, String planId, LocalDate date) {
    try (MongoClient client = MongoClients.create(platform.mongoUri())) {
      Journey.await("the progress check of " + date, () -> Optional.ofNullable(client.getDatabase("progress")
          .getCollection("progress_checks").find(Filters.eq("_id", journey.clinic() + "/" + planId)).first())
          .map(doc -> doc.getString("checkedOn")).filter(date.toString()::equals));
    }
  }
}
