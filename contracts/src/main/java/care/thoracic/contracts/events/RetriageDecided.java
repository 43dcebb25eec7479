package care.thoracic.contracts.events;

import care.thoracic.contracts.Nullable;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.RetriageDecision;
import java.util.Objects;
import java.util.UUID;

/**
 * A clinician decided about a re-triage of this plan's patient: keep this plan, or replace it with
 * the plan the triage proposes ({@code replacementPlanId}; this plan's {@link PlanCompleted}
 * follows, with the reason).
 */
public record RetriageDecided(
    UUID planId,
    PatientId patientId,
    UUID triageId,
    RetriageDecision decision,
    String reason,
    @Nullable UUID replacementPlanId)
    implements PlanEvent {

  public RetriageDecided {
    Objects.requireNonNull(planId, "planId is required");
    Objects.requireNonNull(patientId, "patientId is required");
    Objects.requireNonNull(triageId, "triageId is required");
    Objects.requireNonNull(decision, "decision is required");
    Objects.requireNonNull(reason, "reason is required");
    if ((decision == RetriageDecision.REPLACE_PLAN) != (replacementPlanId != null)) {
      throw new IllegalArgumentException("replacementPlanId is given exactly when the plan is replaced");
    }
  }
}
