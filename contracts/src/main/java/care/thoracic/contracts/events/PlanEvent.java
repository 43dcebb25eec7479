package care.thoracic.contracts.events;

import java.util.UUID;

/** Events on {@code care.plan.v1}: the life of one care plan. */
public sealed interface PlanEvent extends CareEvent
    permits PlanStarted, PlanAwaitingApproval, PlanApproved, PhaseAdvanced, PhaseHeld, PlanSuspended,
        PlanResumed, PlanCompleted, PlanRetriaged, RetriageDecided, RestrictionCleared {
  UUID planId();
}
