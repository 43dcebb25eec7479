package care.thoracic.plan.api;

import care.thoracic.contracts.clinical.Category;
import care.thoracic.contracts.clinical.Disposition;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.PlanVariant;
import care.thoracic.contracts.events.PlanRetriaged;
import care.thoracic.plan.domain.CarePlan;
import care.thoracic.plan.store.PlanSummaries.Status;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * A plan as it stands at {@code version}: its status, phase and calendar, in the patient's zone; the
 * re-triages waiting for a clinician's decision, and whether the variant's restriction was cleared.
 */
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
    boolean restrictionCleared,
    List<PendingRetriage> retriages,
    long version) {

  /** A re-triage of the patient waiting for a clinician: keep this plan, or replace it with this proposal. */
  public record PendingRetriage(UUID triageId, Category category, Disposition disposition, PlanVariant variant,
      int baselinePain, List<String> reasons) {
    static PendingRetriage of(PlanRetriaged retriage) {
      return new PendingRetriage(retriage.triageId(), retriage.category(), retriage.disposition(), retriage.variant(),
          retriage.baselinePain(), retriage.reasons());
    }
  }

  static PlanView of(CarePlan.State state, long version) {
    return switch (state) {
      case CarePlan.NoPlan none -> throw new IllegalArgumentException("no plan to show");
      case CarePlan.AwaitingApproval awaiting -> of(awaiting.facts(), Status.AWAITING_APPROVAL, awaiting.retriages(),
          version);
      case CarePlan.Active active -> of(active, Status.ACTIVE, List.of(), version);
      case CarePlan.Suspended suspended -> of(suspended.before(), Status.SUSPENDED, suspended.openFlagIds(), version);
      case CarePlan.Completed done -> new PlanView(done.facts().planId(), done.facts().patientId().value(),
          Status.COMPLETED, done.facts().variant(), done.facts().protocolVersion(), done.facts().timezone(),
          done.facts().baselinePain(), done.lastPhase(), null, null, null, 0, false, List.of(), false, List.of(),
          version);
    };
  }

  private static PlanView of(CarePlan.PlanFacts facts, Status status, List<PlanRetriaged> retriages, long version) {
    return new PlanView(facts.planId(), facts.patientId().value(), status, facts.variant(), facts.protocolVersion(),
        facts.timezone(), facts.baselinePain(), null, null, null, null, 0, false, List.of(), false,
        retriages.stream().map(PendingRetriage::of).toList(), version);
  }

  private static PlanView of(CarePlan.Active active, Status status, List<UUID> openFlags, long version) {
    CarePlan.PlanFacts facts = active.facts();
    return new PlanView(facts.planId(), facts.patientId().value(), status, facts.variant(), facts.protocolVersion(),
        facts.timezone(), facts.baselinePain(), active.phase(), active.startedOn(), active.phaseStartedOn(),
        active.nextReviewOn(), active.consecutiveHolds(), active.clinicianReviewRequested(), openFlags,
        active.restrictionCleared(), active.retriages().stream().map(PendingRetriage::of).toList(), version);
  }
}
