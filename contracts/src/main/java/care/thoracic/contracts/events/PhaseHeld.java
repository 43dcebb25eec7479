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
 * The plan stays in its phase for now. A second hold in a row asks for clinician review; the next
 * scheduled review is a week later.
 */
public record PhaseHeld(
    UUID planId,
    PatientId patientId,
    Phase phase,
    DecidedBy decidedBy,
    int consecutiveHolds,
    boolean clinicianReviewRequested,
    @Nullable LocalDate nextReviewOn,
    List<String> reasons)
    implements PlanEvent {

  public PhaseHeld {
    Objects.requireNonNull(planId, "planId is required");
    Objects.requireNonNull(patientId, "patientId is required");
    Objects.requireNonNull(phase, "phase is required");
    Objects.requireNonNull(decidedBy, "decidedBy is required");
    if (consecutiveHolds < 1) {
      throw new IllegalArgumentException("consecutiveHolds must be at least 1");
    }
    reasons = List.copyOf(reasons);
  }
}
