package care.thoracic.contracts.events;

import care.thoracic.contracts.Nullable;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.ProgressOutcome;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The 4-weekly assessment (CLINICAL §5). Pain figures are 7-day means against the triage baseline;
 * {@code meanPain7d} is absent when no session was logged in the last 7 days. Adherence is a
 * fraction (0-1) of days with a logged session.
 */
public record ProgressAssessed(
    UUID assessmentId,
    UUID planId,
    PatientId patientId,
    int planWeek,
    ProgressOutcome outcome,
    int baselinePain,
    @Nullable Double meanPain7d,
    @Nullable Double changePoints,
    @Nullable Double changePercent,
    boolean significantImprovement,
    double adherence,
    List<String> reasons)
    implements ProgressEvent {

  public ProgressAssessed {
    Objects.requireNonNull(assessmentId, "assessmentId is required");
    Objects.requireNonNull(planId, "planId is required");
    Objects.requireNonNull(patientId, "patientId is required");
    Objects.requireNonNull(outcome, "outcome is required");
    if (adherence < 0 || adherence > 1) {
      throw new IllegalArgumentException("adherence must be between 0 and 1");
    }
    reasons = List.copyOf(reasons);
  }
}
