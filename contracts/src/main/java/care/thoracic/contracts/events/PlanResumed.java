package care.thoracic.contracts.events;

import care.thoracic.contracts.Nullable;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.Phase;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A clinician resumed a suspended plan, resolving the flags that suspended it; its phase goes on and
 * is next reviewed on {@code nextReviewOn} (none in MAINTENANCE).
 */
public record PlanResumed(
    UUID planId, PatientId patientId, Phase phase, List<UUID> resolvedFlagIds, String reason,
    @Nullable LocalDate nextReviewOn)
    implements PlanEvent {

  public PlanResumed {
    Objects.requireNonNull(planId, "planId is required");
    Objects.requireNonNull(patientId, "patientId is required");
    Objects.requireNonNull(phase, "phase is required");
    Objects.requireNonNull(reason, "reason is required");
    resolvedFlagIds = List.copyOf(resolvedFlagIds);
  }
}
