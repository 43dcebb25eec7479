package care.thoracic.contracts.events;

import care.thoracic.contracts.Nullable;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.DecidedBy;
import care.thoracic.contracts.clinical.Phase;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The plan moved to its next phase, by the scheduled review or by a clinician, on the patient-local
 * day {@code phaseStartedOn}; the new phase is reviewed on {@code nextReviewOn} (none in MAINTENANCE).
 */
public record PhaseAdvanced(
    UUID planId,
    PatientId patientId,
    Phase fromPhase,
    Phase toPhase,
    DecidedBy decidedBy,
    List<String> reasons,
    LocalDate phaseStartedOn,
    @Nullable LocalDate nextReviewOn)
    implements PlanEvent {

  public PhaseAdvanced {
    Objects.requireNonNull(planId, "planId is required");
    Objects.requireNonNull(patientId, "patientId is required");
    Objects.requireNonNull(fromPhase, "fromPhase is required");
    Objects.requireNonNull(toPhase, "toPhase is required");
    Objects.requireNonNull(decidedBy, "decidedBy is required");
    reasons = List.copyOf(reasons);
    Objects.requireNonNull(phaseStartedOn, "phaseStartedOn is required");
  }
}
