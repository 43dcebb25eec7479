package care.thoracic.systemtests;

import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.ReminderSent;
import care.thoracic.contracts.events.Topic;
import care.thoracic.devstack.CareApi.Service;
import care.thoracic.devstack.CareApi.UnexpectedAnswer;
import care.thoracic.devstack.Journey;
import care.thoracic.testkit.TestEvents;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The platform's journeys end to end: the four packaged services on a real broker and store, driven
 * through their HTTP APIs only, as the app and the clinic's screens drive them. Each scenario is a
 * clinic of its own.
 */
class PatientJourneysTest {
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private final RunningPlatform platform = RunningPlatform.get();

  @Test
  void a_mechanical_patient_goes_from_intake_to_maintenance() {
    Journey journey = platform.journey(RunningPlatform.newClinic("mechanical"), "pat-1");
    LocalDate onset = journey.tomorrowAt(LocalTime.of(9, 30));
    JsonNode triage = journey.submitIntake(journey.mechanicalIntake(onset, 6));
    assertThat(triage.path("category").asText()).isEqualTo("MECHANICAL");
    assertThat(triage.path("disposition").asText()).isEqualTo("SELF_CARE");

    JsonNode plan = journey.awaitPlan("to start", Journey.status("ACTIVE"));
    assertThat(plan.path("phase").asText()).isEqualTo("ACUTE");
    String planId = plan.path("planId").asText();
    journey.awaitProgress(planId); // the app logs sessions with progress-service, which learns of the plan from Kafka
    AtomicInteger sessions = new AtomicInteger();
    plan = journey.liveDays(planId, 90, (day, date, today) -> {
      journey.logSession(planId, date, Math.max(2, 6 - (int) ChronoUnit.DAYS.between(onset, date) / 7));
      sessions.incrementAndGet();
    }, Journey.phase("MAINTENANCE"));

    assertThat(plan.path("phase").asText()).isEqualTo("MAINTENANCE");
    assertThat(plan.path("status").asText()).isEqualTo("ACTIVE");
    // every phase advanced on its review day, none held, nothing suspended
    assertThat(journey.planHistory(planId)).extracting(entry -> entry.path("type").asText()).containsExactly(
        "care.plan.started.v1", "care.plan.phase-advanced.v1", "care.plan.phase-advanced.v1",
        "care.plan.phase-advanced.v1", "care.plan.phase-advanced.v1");
    assertThat(ChronoUnit.DAYS.between(onset, LocalDate.parse(plan.path("phaseStartedOn").asText())))
        .as("3 days of ACUTE, then 14 + 14 + 28 days").isEqualTo(59);

    JsonNode progress = Journey.await("every session in the progress view", () -> Optional.of(journey.progress(planId))
        .filter(view -> view.path("sessionsLogged").asInt() == sessions.get()));
    assertThat(progress.path("significantImprovement").asBoolean()).isTrue();
    assertThat(progress.path("openFlags")).isEmpty();
    assertThat(journey.flags("OPEN")).isEmpty();

    // reminders were delivered, each recorded once on Kafka under the reminder's own id
    List<String> recorded = Journey.await("every sent reminder recorded on care.reminder.v1", () -> {
      Set<String> sent = journey.reminders("SENT").stream().map(r -> r.path("reminderId").asText()).collect(toSet());
      List<String> onKafka = TestEvents.published(Topic.REMINDER, Tenant.of(journey.clinic()), platform.payloads()).stream()
          .map(EventEnvelope::event).filter(ReminderSent.class::isInstance)
          .map(event -> ((ReminderSent) event).reminderId().toString()).toList();
      return !sent.isEmpty() && sent.equals(Set.copyOf(onKafka)) ? Optional.of(onKafka) : Optional.empty();
    });
    assertThat(recorded).doesNotHaveDuplicates();
  }

  @Test
  void a_red_flag_intake_is_urgent_flagged_and_gets_no_plan_and_no_reminders() {
    Journey journey = platform.journey(RunningPlatform.newClinic("urgent"), "pat-2");
    LocalDate onset = journey.tomorrowAt(LocalTime.of(9, 30));
    ObjectNode intake = journey.mechanicalIntake(onset, 8);
    ((ObjectNode) intake.path("redFlags")).put("chestPainOrBreathlessness", true);
    JsonNode triage = journey.submitIntake(intake);
    assertThat(triage.path("disposition").asText()).isEqualTo("URGENT");

    JsonNode flag = Journey.await("the flag in the clinic's inbox", () -> journey.flags("OPEN").stream().findFirst());
    assertThat(flag.path("code").asText()).isEqualTo("CHEST_PAIN_OR_BREATHLESSNESS");
    assertThat(flag.path("severity").asText()).isEqualTo("URGENT");
    assertThat(flag.path("recommendation").asText()).isEqualTo("EMERGENCY_CARE");
    assertThat(journey.flags("OPEN")).hasSize(1);

    // once plan-service has read the triage and reminder-service every plan event, there is still nothing
    platform.groups().awaitCaughtUp("plan-service.care-plans", Topic.TRIAGE.topicName(), PATIENCE);
    platform.groups().awaitCaughtUp("reminder-service.plans", Topic.PLAN.topicName(), PATIENCE);
    assertThat(journey.findPlan()).isEmpty();
    assertThat(journey.reminders(null)).isEmpty();
  }

  @Test
  void a_structural_plan_waits_for_approval_and_leaves_out_foam_roller_extension() {
    Journey journey = platform.journey(RunningPlatform.newClinic("structural"), "pat-3");
    LocalDate onset = journey.tomorrowAt(LocalTime.of(9, 30));
    ObjectNode intake = journey.mechanicalIntake(onset, 6);
    intake.put("age", 62).put("onset", "SUDDEN");
    intake.putArray("history").add("OSTEOPOROSIS");
    JsonNode triage = journey.submitIntake(intake);
    assertThat(triage.path("category").asText()).isEqualTo("STRUCTURAL");
    assertThat(triage.path("disposition").asText()).isEqualTo("MODIFIED_CARE");

    JsonNode awaiting = journey.awaitPlan("to await approval", Journey.status("AWAITING_APPROVAL"));
    assertThat(awaiting.path("variant").asText()).isEqualTo("STRUCTURAL");
    platform.groups().awaitCaughtUp("reminder-service.plans", Topic.PLAN.topicName(), PATIENCE);
    assertThat(journey.reminders(null)).as("no reminders before a clinician approves").isEmpty();

    journey.decide("approve", "Compression fracture excluded on X-ray; start the modified plan.");
    String planId = journey.awaitRunningPlan();
    Journey.await("reminders once approved", () -> Optional.of(journey.reminders("PENDING")).filter(r -> !r.isEmpty()));

    JsonNode plan = journey.liveDays(planId, 30, (day, date, today) -> journey.logSession(planId, date, 5),
        Journey.phase("MOBILITY"));
    assertThat(plan.path("phase").asText()).isEqualTo("MOBILITY");
    List<String> activities = ids(platform.api().get(Service.PLAN, "/plans/" + planId + "/today", journey.patientToken())
        .path("activities"));
    assertThat(activities).isNotEmpty().doesNotContain("foam-roller-extension");
  }

  @Test
  void persistent_numbness_suspends_the_plan_and_its_reminders_until_a_clinician_resumes_it() {
    Journey journey = platform.journey(RunningPlatform.newClinic("neuro"), "pat-4");
    LocalDate onset = journey.tomorrowAt(LocalTime.of(9, 30));
    journey.submitIntake(journey.mechanicalIntake(onset, 5));
    String planId = journey.awaitRunningPlan();
    journey.awaitProgress(planId);
    LocalDate firstReported = onset.plusDays(1);

    journey.liveDays(planId, 16, (day, date, today) -> {
      long since = ChronoUnit.DAYS.between(firstReported, date); // one episode: reports 5 days apart over 15 days
      boolean numb = since >= 0 && since % 5 == 0;
      journey.logSession(planId, date, 4, numb ? new String[] {"NUMBNESS"} : new String[0]);
    }, Journey.status("SUSPENDED"));

    JsonNode flag = Journey.await("the flag in the clinic's inbox", () -> journey.flags("OPEN").stream().findFirst());
    assertThat(flag.path("code").asText()).isEqualTo("PERSISTENT_NEUROLOGICAL_SYMPTOMS");
    assertThat(flag.path("severity").asText()).isEqualTo("HIGH");
    assertThat(flag.path("recommendation").asText()).isEqualTo("IMAGING");
    journey.awaitPlan("to be suspended", Journey.status("SUSPENDED"));
    // reminder-service learns of the suspension from the plan topic, so it is waited for first (else no
    // reminder could be pending only because none was planned yet); past-due reminders the dispatcher
    // has not taken yet (the clocks ran 16 days ahead) are then cancelled as it reaches them
    platform.groups().awaitCaughtUp("reminder-service.plans", Topic.PLAN.topicName(), Duration.ofSeconds(90));
    Journey.await("no reminder pending", () -> Optional.of(journey.reminders("PENDING")).filter(List::isEmpty));

    journey.decide("resume", "MRI shows no compression; numbness from sleeping posture.");
    journey.awaitPlan("to run again", Journey.status("ACTIVE"));
    Journey.await("reminders planned again", () -> Optional.of(journey.reminders("PENDING")).filter(r -> !r.isEmpty()));
    assertThat(journey.flags("OPEN")).isEmpty();
    assertThat(journey.flags("RESOLVED")).extracting(f -> f.path("flagId").asText())
        .containsExactly(flag.path("flagId").asText());
  }

  @Test
  void two_clinics_with_the_same_patient_id_never_see_each_others_data() {
    String clinicA = RunningPlatform.newClinic("tenant-a");
    String clinicB = RunningPlatform.newClinic("tenant-b");
    Journey a = platform.journey(clinicA, "pat-shared");
    Journey b = platform.journey(clinicB, "pat-shared");
    LocalDate onset = a.tomorrowAt(LocalTime.of(9, 30));
    String triageA = a.submitIntake(a.mechanicalIntake(onset, 5)).path("triageId").asText();
    String triageB = b.submitIntake(b.mechanicalIntake(onset, 7)).path("triageId").asText();
    String planA = a.awaitRunningPlan();
    String planB = b.awaitRunningPlan();
    a.awaitProgress(planA); // sessions are logged at progress-service, which learns of a plan from its event
    b.awaitProgress(planB);
    a.liveDays(planA, 3, (day, date, plan) -> {
      a.logSession(planA, date, 4);
      b.logSession(planB, date, 7, "NUMBNESS");
    }, plan -> false);

    assertThat(a.progress(planA).path("baselinePain").asInt()).isEqualTo(5);
    assertThat(b.progress(planB).path("baselinePain").asInt()).isEqualTo(7);
    for (Journey[] pair : new Journey[][] {{a, b}, {b, a}}) {
      Journey self = pair[0];
      String otherPlan = self == a ? planB : planA;
      String otherTriage = self == a ? triageB : triageA;
      List<String> visiblePlans = ids(platform.api().get(Service.PLAN, "/clinic/plans", self.clinicianToken()).path("items"),
          "planId");
      assertThat(visiblePlans).containsExactly(self == a ? planA : planB);
      notFound(() -> platform.api().get(Service.PLAN, "/plans/" + otherPlan, self.clinicianToken()));
      notFound(() -> platform.api().get(Service.PROGRESS, "/plans/" + otherPlan + "/progress", self.clinicianToken()));
      notFound(() -> platform.api().get(Service.PROGRESS, "/plans/" + otherPlan + "/progress", self.patientToken()));
      notFound(() -> platform.api().get(Service.TRIAGE, "/triage/" + otherTriage, self.clinicianToken()));
      assertThat(self.reminders(null)).extracting(r -> r.path("planId").asText()).containsOnly(self == a ? planA : planB);
      assertThat(self.flags("OPEN")).extracting(f -> f.path("planId").asText()).doesNotContain(otherPlan);
      // and on Kafka: every event keyed to this clinic carries its tenant and names nothing of the other
      for (Topic topic : Topic.values()) {
        for (var record : TestEvents.readToEnd(topic, Tenant.of(self.clinic()))) {
          String value = new String(record.value(), StandardCharsets.UTF_8);
          assertThat(value).doesNotContain(otherPlan).doesNotContain(otherTriage);
          assertThat(new String(record.headers().lastHeader("ce_tenantid").value(), StandardCharsets.UTF_8))
              .isEqualTo(self.clinic());
        }
      }
      assertThat(TestEvents.published(Topic.SESSION, Tenant.of(self.clinic()), platform.payloads())).extracting(EventEnvelope::tenant)
          .containsOnly(Tenant.of(self.clinic())).hasSize(3);
    }
  }

  private static void notFound(Executable request) {
    try {
      request.execute();
    } catch (UnexpectedAnswer answer) {
      assertThat(answer.status()).as(answer.getMessage()).isEqualTo(404);
      return;
    } catch (Throwable other) {
      throw new AssertionError(other);
    }
    throw new AssertionError("expected 404");
  }

  private static List<String> ids(JsonNode array) {
    return ids(array, "id");
  }

  private static List<String> ids(JsonNode array, String field) {
    return StreamSupport.stream(array.spliterator(), false).map(node -> node.path(field).asText()).toList();
  }
}
