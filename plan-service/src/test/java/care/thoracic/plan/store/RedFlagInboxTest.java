package care.thoracic.plan.store;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.EventMetadata;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.FlagCode;
import care.thoracic.contracts.clinical.FlagSource;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.Recommendation;
import care.thoracic.contracts.clinical.Severity;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.PlanResumed;
import care.thoracic.contracts.events.RedFlagRaised;
import care.thoracic.eventsourcing.testing.TestPatientKeys;
import care.thoracic.plan.store.RedFlagInbox.Status;
import care.thoracic.testkit.TestMongo;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The inbox lists and counts flags in the store, newest first, within the clinic; a resolution seen
 * before its flag is neither listed nor counted until the flag arrives, which then starts resolved.
 */
class RedFlagInboxTest {
  private static final Tenant CLINIC = Tenant.of("clinic-inbox");
  private static final Tenant OTHER_CLINIC = Tenant.of("clinic-inbox-other");
  private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");

  private final RedFlagInbox inbox = new RedFlagInbox(
      TestMongo.client().getDatabase("inbox-" + UUID.randomUUID()), TestPatientKeys.payloads(TestMongo.client()));

  private void apply(Tenant clinic, CareEvent event, Instant at) {
    inbox.apply(new EventEnvelope<>(new EventMetadata(UUID.randomUUID(), clinic, "s-" + UUID.randomUUID(), 1, at,
        "corr", "cause", Actor.service("plan-service")), event));
  }

  private UUID raise(Tenant clinic, String patient, UUID flagId, Instant at) {
    apply(clinic, new RedFlagRaised(flagId, PatientId.of(patient), FlagCode.WORSENING_PAIN, Severity.URGENT,
        Recommendation.CLINICIAN_REVIEW, FlagSource.PROGRESS, null, UUID.randomUUID(), List.of("Worse.")), at);
    return flagId;
  }

  private void resume(String patient, UUID flagId, Instant at) {
    apply(CLINIC, new PlanResumed(UUID.randomUUID(), PatientId.of(patient), Phase.ACUTE, List.of(flagId), "Seen in clinic.", null), at);
  }

  private List<String> patients(Status status, int page, int size) {
    return inbox.list(CLINIC, status, page, size).stream().map(RedFlagInbox.Flag::patientId).toList();
  }

  @Test
  void listsAndCountsNewestFirstWithinTheClinic() {
    for (int i = 0; i < 5; i++) {
      raise(CLINIC, "p" + i, UUID.randomUUID(), T0.plusSeconds(60L * i));
    }
    raise(OTHER_CLINIC, "elsewhere", UUID.randomUUID(), T0.plusSeconds(30));

    assertThat(patients(null, 0, 2)).containsExactly("p4", "p3");
    assertThat(patients(null, 2, 2)).containsExactly("p0");
    assertThat(patients(Status.OPEN, 0, 10)).containsExactly("p4", "p3", "p2", "p1", "p0");
    assertThat(inbox.count(CLINIC, null, 1000)).isEqualTo(5);
    assertThat(inbox.count(CLINIC, Status.OPEN, 3)).isEqualTo(3);
    assertThat(inbox.count(CLINIC, Status.RESOLVED, 1000)).isZero();
  }

  @Test
  void aResolutionSeenBeforeItsFlagIsNeitherListedNorCountedUntilTheFlagArrives() {
    UUID early = UUID.randomUUID();
    raise(CLINIC, "listed", UUID.randomUUID(), T0);
    resume("early", early, T0.plusSeconds(120));

    assertThat(patients(null, 0, 10)).containsExactly("listed");
    assertThat(inbox.count(CLINIC, null, 1000)).isEqualTo(1);
    assertThat(inbox.count(CLINIC, Status.RESOLVED, 1000)).isZero();

    raise(CLINIC, "early", early, T0.plusSeconds(60));

    assertThat(patients(Status.RESOLVED, 0, 10)).containsExactly("early");
    assertThat(inbox.count(CLINIC, Status.RESOLVED, 1000)).isEqualTo(1);
    assertThat(inbox.count(CLINIC, Status.OPEN, 1000)).isEqualTo(1);
    assertThat(patients(null, 0, 10)).containsExactly("early", "listed");
  }
}
