package care.thoracic.progress.store;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.EventMetadata;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.FlagCode;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.PlanVariant;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.PlanResumed;
import care.thoracic.contracts.events.PlanStarted;
import care.thoracic.contracts.events.PlanSuspended;
import care.thoracic.progress.domain.PlanFacts;
import care.thoracic.testkit.TestMongo;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The progress view's documents as earlier versions stored them, read by this one through the real
 * driver: a document written before resumes were recorded with their day still reads, and the
 * next resume is recorded on it.
 */
class ProgressViewsStoredShapesTest {
  private static final Tenant CLINIC = Tenant.of("clinic-shapes");
  private static final PatientId PATIENT = PatientId.of("pat-shapes");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private final MongoDatabase database = TestMongo.client().getDatabase("shapes-" + UUID.randomUUID());
  private final ProgressViews views = new ProgressViews(database);
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
}
