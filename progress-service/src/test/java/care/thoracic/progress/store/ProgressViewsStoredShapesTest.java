package care.thoracic.progress.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.EventMetadata;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.ExerciseLog;
import care.thoracic.contracts.clinical.FlagCode;
import care.thoracic.contracts.clinical.FlagSource;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.PlanVariant;
import care.thoracic.contracts.clinical.ProgressOutcome;
import care.thoracic.contracts.clinical.Recommendation;
import care.thoracic.contracts.clinical.Severity;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.PlanResumed;
import care.thoracic.contracts.events.PlanStarted;
import care.thoracic.contracts.events.PlanSuspended;
import care.thoracic.contracts.events.ProgressAssessed;
import care.thoracic.contracts.events.RedFlagRaised;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.eventsourcing.testing.TestPatientKeys;
import care.thoracic.progress.domain.PlanFacts;
import care.thoracic.progress.domain.ProgressRules;
import care.thoracic.progress.domain.Thresholds;
import care.thoracic.testkit.TestMongo;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The progress view's documents as earlier versions stored them, read by this one through the real
 * driver: a document written before resumes were recorded with their day still reads, and the
 * next resume is recorded on it; one written before health data was sealed reads the same as one
 * sealed now.
 */
class ProgressViewsStoredShapesTest {
  private static final Tenant CLINIC = Tenant.of("clinic-shapes");
  private static final PatientId PATIENT = PatientId.of("pat-shapes");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private final MongoDatabase database = TestMongo.client().getDatabase("shapes-" + UUID.randomUUID());
  private final ProgressViews views = new ProgressViews(database, TestPatientKeys.payloads(TestMongo.client()),
      new CheckDueDates(database), new ProgressRules(Thresholds.CURRENT), Clock.systemUTC());
  private final UUID planId = UUID.randomUUID();
  private long version;

  private void apply(CareEvent event, Instant at) {
    views.apply(new EventEnvelope<>(new EventMetadata(UUID.randomUUID(), CLINIC, "plan-" + planId, ++version, at,
        "corr-1", "cause-1", Actor.service("plan-service")), event));
  }

  private void resume(UUID flagId, Instant at) {
    apply(new PlanResumed(planId, PATIENT, Phase.FOUNDATION, List.of(flagId), "Reviewed.", null), at);
  }

  private void startAndSuspend(UUID flagId) {
    apply(new PlanStarted(planId, PATIENT, UUID.randomUUID(), "thoracic-v1", PlanVariant.STANDARD, Phase.FOUNDATION,
        LocalDate.of(2026, 10, 1), BERLIN, 6, null, LocalDate.of(2026, 10, 5), LocalDate.of(2026, 10, 19)),
        Instant.parse("2026-10-05T08:00:00Z"));
    apply(new PlanSuspended(planId, PATIENT, flagId, FlagCode.NO_IMPROVEMENT, "Red flag."),
        Instant.parse("2026-11-16T06:00:00Z"));
  }

  @Test
  void a_resume_is_recorded_on_the_patients_day_with_the_flags_it_resolved() {
    UUID flag = UUID.randomUUID();
    startAndSuspend(flag);
    resume(flag, Instant.parse("2026-11-17T23:30:00Z")); // already the 18th in Berlin

    PlanFacts facts = views.facts(CLINIC, planId).orElseThrow();
    assertThat(facts.resumes()).containsExactly(new PlanFacts.Resume(LocalDate.of(2026, 11, 18), Set.of(flag)));
    assertThat(facts.lastResumeResolvingAny(Set.of(flag))).map(PlanFacts.Resume::on)
        .contains(LocalDate.of(2026, 11, 18));
  }

  @Test
  void given_a_document_from_before_resumes_had_days_it_reads_as_no_resume_and_records_the_next_one() {
    UUID first = UUID.randomUUID();
    startAndSuspend(first);
    resume(first, Instant.parse("2026-11-17T09:00:00Z"));
    // as the previous version left it: the resolved flags, no resumes
    database.getCollection("progress_views").updateMany(Filters.eq("id", planId.toString()), Updates.unset("resumes"));

    PlanFacts old = views.facts(CLINIC, planId).orElseThrow();
    assertThat(old.resolvedFlagIds()).containsExactly(first);
    assertThat(old.resumes()).isEmpty();
    assertThat(old.status()).isEqualTo(PlanFacts.Status.ACTIVE);

    UUID second = UUID.randomUUID();
    apply(new PlanSuspended(planId, PATIENT, second, FlagCode.WORSENING_PAIN, "Red flag."),
        Instant.parse("2026-11-20T06:00:00Z"));
    resume(second, Instant.parse("2026-11-21T09:00:00Z"));
    PlanFacts now = views.facts(CLINIC, planId).orElseThrow();
    assertThat(now.resolvedFlagIds()).containsExactlyInAnyOrder(first, second);
    assertThat(now.resumes()).containsExactly(new PlanFacts.Resume(LocalDate.of(2026, 11, 21), Set.of(second)));
  }

  private ProgressViews.PlanRecord startLogFlagAndAssess() {
    startAndSuspend(UUID.randomUUID());
    UUID session = UUID.fromString("0b9a8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c01");
    apply(new SessionLogged(session, planId, PATIENT, LocalDate.of(2026, 10, 6),
        List.of(new ExerciseLog("diaphragmatic-breathing", 3, 10, null, null)), 7, 4, Set.of(), null),
        Instant.parse("2026-10-06T08:00:00Z"));
    apply(new RedFlagRaised(UUID.fromString("1c0b9a8d-7e6f-4b5a-8d3c-2f1e0a9b8c02"), PATIENT, FlagCode.WORSENING_PAIN,
        Severity.HIGH, Recommendation.CLINICIAN_REVIEW, FlagSource.PROGRESS, null, planId,
        List.of("canary-reason: pain rose by 3 points")), Instant.parse("2026-10-07T08:00:00Z"));
    apply(new ProgressAssessed(UUID.randomUUID(), planId, PATIENT, 1, ProgressOutcome.WORSENING, 6, 7.0, 1.0, 16.67,
        false, 0.5, List.of("Worse.")), Instant.parse("2026-10-08T08:00:00Z"));
    return views.record(CLINIC, planId).orElseThrow();
  }

  @Test
  void the_patients_health_data_is_sealed_at_rest_and_reads_back_whole() {
    ProgressViews.PlanRecord record = startLogFlagAndAssess();

    Document stored = database.getCollection("progress_views").find(Filters.eq("id", planId.toString())).first();
    assertThat(stored.get("baselinePain")).asString().startsWith("sealed:v1:");
    assertThat(stored.getList("sessions", Object.class)).singleElement().asString().startsWith("sealed:v1:");
    assertThat(stored.toJson()).doesNotContain("canary-reason", "painBefore", "WORSENING", "WORSENING_PAIN");
    assertThat(stored.getString("patientId")).isEqualTo(PATIENT.value()); // what it is found by stays readable
    assertThat(record.facts().baselinePain()).isEqualTo(6);
    assertThat(record.sessions()).containsExactly(new ProgressViews.Logged(
        UUID.fromString("0b9a8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c01"), LocalDate.of(2026, 10, 6), 7, 4));
    assertThat(record.flags()).singleElement().satisfies(flag -> assertThat(flag.reasons())
        .containsExactly("canary-reason: pain rose by 3 points"));
    assertThat(record.latestAssessment().outcome()).isEqualTo(ProgressOutcome.WORSENING);
  }

  @Test
  void given_a_document_from_before_health_data_was_sealed_it_reads_the_same() {
    ProgressViews.PlanRecord sealed = startLogFlagAndAssess();
    // as the previous version left it: the same values in the clear
    database.getCollection("progress_views").updateOne(Filters.eq("id", planId.toString()), Updates.combine(
        Updates.set("baselinePain", 6),
        Updates.set("sessions", List.of(new Document("sessionId", "0b9a8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c01")
            .append("performedOn", "2026-10-06").append("painBefore", 7).append("painAfter", 4))),
        Updates.set("flags", List.of(new Document("flagId", "1c0b9a8d-7e6f-4b5a-8d3c-2f1e0a9b8c02")
            .append("code", "WORSENING_PAIN").append("severity", "HIGH").append("recommendation", "CLINICIAN_REVIEW")
            .append("reasons", List.of("canary-reason: pain rose by 3 points")))),
        Updates.set("latestAssessment", new Document("planWeek", 1).append("outcome", "WORSENING")
            .append("meanPain7d", 7.0).append("adherence", 0.5))));

    assertThat(views.record(CLINIC, planId).orElseThrow()).isEqualTo(sealed);
  }

  @Test
  void a_sealed_value_copied_to_another_plans_document_does_not_open_there() {
    startLogFlagAndAssess();
    var collection = database.getCollection("progress_views");
    Document copied = collection.find(Filters.eq("id", planId.toString())).first();
    UUID other = UUID.randomUUID();
    copied.put("_id", CLINIC.id() + "/" + other);
    copied.put("id", other.toString());
    collection.insertOne(copied);

    assertThatThrownBy(() -> views.facts(CLINIC, other)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not sealed with this key for this context");
  }
}
