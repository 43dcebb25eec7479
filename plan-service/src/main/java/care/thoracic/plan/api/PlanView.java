package care.thoracic.plan.api;

import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.PlanVariant;
import care.thoracic.plan.domain.CarePlan;
import care.thoracic.plan.store.PlanSummaries.Status;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/** A plan as it stands at {@code version}: its status, phase and calendar, in the patient's zone. */
public record PlanView(
    UUID planId,
    String patientId,
    Status status,
    PlanVariant variant,
    String protocolVersion,
    ZoneId timezone,
    int baselinePain,
    Phase phase,
    LocalDate startedOn,
    LocalDate phaseStartedOn,
    LocalDate nextReviewOn,
    int consecutiveHolds,
    boolean clinicianReviewRequested,
    List<UUID> openFlagIds,
    long version) {

  static PlanView of(CarePlan.State state, long version) {
    return switch (state) {
      case CarePlan.NoPlan none -> throw new IllegalArgumentException("no plan to show");
      case CarePlan.AwaitingApproval awaiting -> of(awaiting.facts(), Status.AWAITING_APPROVAL, null, version);
      case CarePlan.Active active -> of(active, Status.ACTIVE, List.of(), version);
      case CarePlan.Suspended suspended -> of(suspended.before(), Status.SUSPENDED, suspended.openFlagIds(), version);
      case CarePlan.Completed done -> new PlanView(done.facts().planId(), done.facts().patientId().value(),
          Status.COMPLETED, done.facts().variant(), done.facts().protocolVersion(), done.facts().timezone(),
          done.facts().baselinePain(), done.lastPhase(), null, null, null, 0, false, List.of(), version);
    };
  }

  private static PlanView of(CarePlan.PlanFacts facts, Status status, Phase phase, long version) {
    return new PlanView(facts.planId(), facts.patientId().value(), status, facts.variant(), facts.protocolVersion(),
        facts.timezone(), facts.baselinePain(), phase, null, null, null, 0, false, List.of(), version);
  }

  private static PlanView of(CarePlan.Active active, Status status, List<UUID> openFlags, long version) {
    CarePlan.PlanFacts facts = active.facts();
    return new PlanView(facts.planId(), facts.patientId().value(), status, facts.variant(), facts.protocolVersion(),
        facts.timezone(), facts.baselinePain(), active.phase(), active.startedOn(), active.phaseStartedOn(),
        active.nextReviewOn(), active.consecutiveHolds(), active.clinicianReviewRequested(), openFlags, version);
  }
}
