package care.thoracic.testkit;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.Category;
import care.thoracic.contracts.clinical.Disposition;
import care.thoracic.contracts.clinical.Onset;
import care.thoracic.contracts.clinical.RedFlagAnswers;
import care.thoracic.contracts.clinical.SuspectedCondition;
import care.thoracic.contracts.clinical.ThoracicLevel;
import care.thoracic.contracts.clinical.ThoracicRange;
import care.thoracic.contracts.clinical.TriageIntake;
import care.thoracic.contracts.events.TriageCompleted;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Triages as triage-service completes and publishes them, for the tests and benchmarks of the services that consume them. */
public final class TestTriages {
  public static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private TestTriages() {}

  /** A triage with no red flag, of a patient in Berlin, whose pain began on {@code onset}. */
  public static TriageCompleted completed(UUID triageId, String patient, int pain, LocalDate onset, Category category,
      Disposition disposition) {
    TriageIntake intake = new TriageIntake(44, BERLIN, pain, new ThoracicRange(ThoracicLevel.T5, ThoracicLevel.T8),
        Onset.GRADUAL, onset, Set.of(), Set.of(), Set.of(), new RedFlagAnswers(false, false, false, false, false, false),
        null, null);
    return new TriageCompleted(triageId, PatientId.of(patient), "triage-rules-2026.11", intake, category,
        List.of(SuspectedCondition.POSTURAL_STRAIN), disposition, List.of(), List.of("Posture strain."));
  }

  /** As triage-service's outbox puts it on Kafka: the triage's stream, version 1, caused by the patient. */
  public static EventEnvelope<TriageCompleted> asPublished(String clinic, TriageCompleted triage) {
    return TestEvents.envelope(Tenant.of(clinic), "triage-" + triage.triageId(), 1, triage,
        Actor.user(triage.patientId().value()));
  }
}
