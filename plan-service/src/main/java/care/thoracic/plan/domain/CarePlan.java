package care.thoracic.plan.domain;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.Category;
import care.thoracic.contracts.clinical.DecidedBy;
import care.thoracic.contracts.clinical.Disposition;
import care.thoracic.contracts.clinical.FlagCode;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.PlanVariant;
import care.thoracic.contracts.clinical.RetriageDecision;
import care.thoracic.contracts.clinical.WorkPattern;
import care.thoracic.contracts.events.PhaseAdvanced;
import care.thoracic.contracts.events.PhaseHeld;
import care.thoracic.contracts.events.PlanApproved;
import care.thoracic.contracts.events.PlanAwaitingApproval;
import care.thoracic.contracts.events.PlanCompleted;
import care.thoracic.contracts.events.PlanEvent;
import care.thoracic.contracts.events.PlanResumed;
import care.thoracic.contracts.events.PlanRetriaged;
import care.thoracic.contracts.events.PlanStarted;
import care.thoracic.contracts.events.PlanSuspended;
import care.thoracic.contracts.events.RestrictionCleared;
import care.thoracic.contracts.events.RetriageDecided;
import care.thoracic.contracts.events.TriageCompleted;
import care.thoracic.eventsourcing.decider.CommandRejectedException;
import care.thoracic.eventsourcing.decider.Decider;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One patient's care plan (CLINICAL §2-§4): started or put up for approval by a triage, walked
 * through its phases by scheduled reviews and by clinicians, suspended by red flags, resumed,
 * completed. Dates are the patient's local dates; the caller passes "today" in the patient's zone.
 */
public final class CarePlan implements Decider<CarePlan.Command, PlanEvent, CarePlan.State> {

  public sealed interface Command permits StartFromTriage, RecordRetriage, DecideRetriage, StartReplacement, Approve,
      Advance, Hold, Suspend, SuspendForFlag, Resume, Complete, ClearRestriction, ReviewPhase {}

  /** From a {@code TriageCompleted} of a patient with no open plan; the plan id is derived from the triage id. */
  /** @param pinned the protocol version the clinic pins new plans to; null: the current one */
  public record StartFromTriage(TriageCompleted triage, LocalDate today, String pinned) implements Command {
    public StartFromTriage(TriageCompleted triage, LocalDate today) {
      this(triage, today, null);
    }
  }

  /** From a non-urgent {@code TriageCompleted} of this open plan's patient (§8): recorded, for a clinician. */
  public record RecordRetriage(TriageCompleted triage) implements Command {}

  /** A clinician keeps this plan, or replaces it with the one the re-triage proposes. */
  public record DecideRetriage(UUID triageId, RetriageDecision decision, String reason) implements Command {}

  /** Starts the plan a re-triage proposed, once a clinician replaced the open plan with it. */
  /** @param pinned the protocol version the clinic pins new plans to; null: the current one */
  public record StartReplacement(PlanRetriaged retriage, LocalDate today, String pinned) implements Command {
    public StartReplacement(PlanRetriaged retriage, LocalDate today) {
      this(retriage, today, null);
    }
  }

  /** A clinician lifts a restricted variant's restriction (§8); the plan follows the full protocol. */
  public record ClearRestriction(String reason) implements Command {}

  public record Approve(String reason, LocalDate today) implements Command {}

  public record Advance(String reason, LocalDate today) implements Command {}

  public record Hold(String reason, LocalDate today) implements Command {}

  public record Suspend(String reason) implements Command {}

  /** From a {@code RedFlagRaised} about this plan or its patient. */
  public record SuspendForFlag(UUID flagId, FlagCode code, UUID triageId) implements Command {}

  public record Resume(String reason, LocalDate today) implements Command {}

  public record Complete(String reason) implements Command {}

  /** From the scheduler; {@code facts} are needed for the phases that are reviewed on criteria. */
  public record ReviewPhase(LocalDate today, PhaseReview.Facts facts) implements Command {}

  /** What every plan knows from the triage it came from. */
  public record PlanFacts(UUID planId, PatientId patientId, UUID triageId, String protocolVersion, PlanVariant variant,
      LocalDate onsetDate, ZoneId timezone, int baselinePain, WorkPattern work) {}

  public sealed interface State permits NoPlan, AwaitingApproval, Active, Suspended, Completed {}

  public record NoPlan() implements State {}

  /** @param retriages re-triages of the patient waiting for a clinician's decision, oldest first */
  public record AwaitingApproval(PlanFacts facts, Category category, Disposition disposition, List<String> reasons,
      List<PlanRetriaged> retriages) implements State {
    public AwaitingApproval {
      retriages = List.copyOf(retriages);
    }
  }

  /**
   * @param resolvedFlagIds flags a clinician resumed the plan from: the same flag again suspends nothing
   * @param restrictionCleared a clinician cleared the variant's restriction: the full protocol applies
   * @param retriages re-triages of the patient waiting for a clinician's decision, oldest first
   */
  public record Active(PlanFacts facts, Phase phase, LocalDate startedOn, LocalDate phaseStartedOn,
      LocalDate nextReviewOn, int consecutiveHolds, boolean clinicianReviewRequested, Set<UUID> resolvedFlagIds,
      boolean restrictionCleared, List<PlanRetriaged> retriages)
      implements State {
    public Active {
      resolvedFlagIds = Set.copyOf(resolvedFlagIds);
      retriages = List.copyOf(retriages);
    }

    Active withCalendar(Phase phase, LocalDate phaseStartedOn, LocalDate nextReviewOn, int holds, boolean review) {
      return new Active(facts, phase, startedOn, phaseStartedOn, nextReviewOn, holds, review, resolvedFlagIds,
          restrictionCleared, retriages);
    }

    Active withRetriages(List<PlanRetriaged> pending) {
      return new Active(facts, phase, startedOn, phaseStartedOn, nextReviewOn, consecutiveHolds,
          clinicianReviewRequested, resolvedFlagIds, restrictionCleared, pending);
    }
  }

  public record Suspended(Active before, List<UUID> openFlagIds) implements State {
    public Suspended {
      openFlagIds = List.copyOf(openFlagIds);
    }
  }

  public record Completed(PlanFacts facts, Phase lastPhase) implements State {}

  private final Protocols protocols;

  public CarePlan(Protocols protocols) {
    this.protocols = protocols;
  }

  public static UUID planId(UUID triageId) {
    return UUID.nameUUIDFromBytes(("plan:" + triageId).getBytes(StandardCharsets.UTF_8));
  }

  public static String streamId(UUID planId) {
    return "plan-" + planId;
  }

  @Override
  public State initialState() {
    return new NoPlan();
  }

  @Override
  public List<PlanEvent> decide(Command command, State state) {
    return switch (command) {
      case StartFromTriage start -> state instanceof NoPlan
          ? start(Proposal.of(start.triage()), start.today(), start.pinned()) : List.of(); // redelivered: nothing new
      case RecordRetriage retriage -> recordRetriage(state, retriage.triage());
      case DecideRetriage decision -> decideRetriage(state, decision);
      case StartReplacement replacement -> state instanceof NoPlan
          ? start(Proposal.of(replacement.retriage()), replacement.today(), replacement.pinned()) : List.of();
      case ClearRestriction clear -> clearRestriction(state, clear);
      case Approve approve -> switch (state) {
        case AwaitingApproval awaiting -> approve(awaiting, approve);
        default -> throw refused(state, "approved", "only a plan awaiting approval can be approved");
      };
      case Advance advance -> switch (state) {
        case Active active when active.phase() != Phase.MAINTENANCE -> List.of(advanced(active, DecidedBy.CLINICIAN,
            List.of(advance.reason()), advance.today()));
        case Active active -> throw refused(state, "advanced", "MAINTENANCE is the last phase");
        default -> throw refused(state, "advanced", "only an active plan moves between phases");
      };
      case Hold hold -> switch (state) {
        case Active active -> List.of(new PhaseHeld(active.facts().planId(), active.facts().patientId(), active.phase(),
            DecidedBy.CLINICIAN, active.consecutiveHolds() + 1, false, reviewAgain(active, hold.today()),
            List.of(hold.reason())));
        default -> throw refused(state, "held", "only an active plan can be held");
      };
      case Suspend suspend -> switch (state) {
        case Active active -> List.of(new PlanSuspended(active.facts().planId(), active.facts().patientId(), null, null,
            suspend.reason()));
        default -> throw refused(state, "suspended", "only an active plan can be suspended");
      };
      case SuspendForFlag flag -> suspendForFlag(state, flag);
      case Resume resume -> switch (state) {
        case Suspended suspended -> List.of(resumed(suspended, resume));
        default -> throw refused(state, "resumed", "only a suspended plan can be resumed");
      };
      case Complete complete when !retriages(state).isEmpty() -> throw refused(state, "completed",
          "a re-triage of the patient waits on it: keep the plan or replace it first");
      case Complete complete -> switch (state) {
        case AwaitingApproval awaiting -> List.of(completed(awaiting.facts(), complete));
        case Active active -> List.of(completed(active.facts(), complete));
        case Suspended suspended -> List.of(completed(suspended.before().facts(), complete));
        default -> throw refused(state, "completed", "there is no running plan to complete");
      };
      case ReviewPhase review -> state instanceof Active active ? reviewIfDue(active, review) : List.of();
    };
  }

  /** What a triage proposes for the patient: the plan's facts, and whether it starts or waits for approval. */
  private record Proposal(UUID triageId, PatientId patientId, Category category, Disposition disposition,
      List<String> reasons, LocalDate onsetDate, ZoneId timezone, int baselinePain, WorkPattern work) {
    static Proposal of(TriageCompleted triage) {
      return new Proposal(triage.triageId(), triage.patientId(), triage.category(), triage.disposition(),
          triage.reasons(), triage.intake().onsetDate(), triage.intake().timezone(), triage.intake().painScore(),
          triage.intake().work());
    }

    static Proposal of(PlanRetriaged retriage) {
      return new Proposal(retriage.triageId(), retriage.patientId(), retriage.category(), retriage.disposition(),
          retriage.reasons(), retriage.onsetDate(), retriage.timezone(), retriage.baselinePain(), retriage.work());
    }
  }

  private List<PlanEvent> start(Proposal proposal, LocalDate today, String pinned) {
    Protocol protocol = pinned == null ? protocols.current() : protocols.version(pinned);
    PlanFacts facts = new PlanFacts(planId(proposal.triageId()), proposal.patientId(), proposal.triageId(),
        protocol.canonicalVersion(), variant(proposal.category()), proposal.onsetDate(), proposal.timezone(),
        proposal.baselinePain(), proposal.work());
    return switch (proposal.disposition()) {
      case SELF_CARE -> List.of(started(facts, protocol, today));
      case MODIFIED_CARE, REFER -> List.of(new PlanAwaitingApproval(facts.planId(), facts.patientId(), facts.triageId(),
          facts.protocolVersion(), facts.variant(), proposal.category(), proposal.disposition(), proposal.reasons(),
          facts.onsetDate(), facts.timezone(), facts.baselinePain(), facts.work()));
      case URGENT -> List.of(); // red flags: emergency care, never a self-care plan
    };
  }

  /** The open plan records a non-urgent re-triage once (a redelivery records nothing); a closed plan none. */
  private static List<PlanEvent> recordRetriage(State state, TriageCompleted triage) {
    if (triage.disposition() == Disposition.URGENT) {
      throw new IllegalArgumentException("an URGENT triage suspends the open plan; it is not a re-triage");
    }
    PlanFacts facts = switch (state) {
      case AwaitingApproval awaiting -> awaiting.facts();
      case Active active -> active.facts();
      case Suspended suspended -> suspended.before().facts();
      case NoPlan none -> null;
      case Completed done -> null;
    };
    if (facts == null || facts.triageId().equals(triage.triageId())
        || retriages(state).stream().anyMatch(r -> r.triageId().equals(triage.triageId()))) {
      return List.of();
    }
    return List.of(new PlanRetriaged(facts.planId(), facts.patientId(), triage.triageId(), triage.category(),
        triage.disposition(), variant(triage.category()), triage.reasons(), triage.intake().onsetDate(),
        triage.intake().timezone(), triage.intake().painScore(), triage.intake().work()));
  }

  private static List<PlanEvent> decideRetriage(State state, DecideRetriage decision) {
    PlanRetriaged retriage = retriages(state).stream().filter(r -> r.triageId().equals(decision.triageId()))
        .findFirst().orElseThrow(() -> refused(state, "decided on for triage " + decision.triageId(),
            "that triage is not waiting for a decision on this plan"));
    return switch (decision.decision()) {
      case KEEP_PLAN -> List.of(new RetriageDecided(retriage.planId(), retriage.patientId(), retriage.triageId(),
          RetriageDecision.KEEP_PLAN, decision.reason(), null));
      case REPLACE_PLAN -> {
        if (state instanceof Suspended) { // the flags that suspended it would not reach the new plan
          throw refused(state, "replaced", "resume it or complete it first: it is suspended by open red flags");
        }
        if (retriages(state).size() > 1) { // replacing ends this plan, and the others' proposals with it
          throw refused(state, "replaced", "decide the other re-triages waiting on it first (keep the plan)");
        }
        UUID replacement = planId(retriage.triageId());
        yield List.of(new RetriageDecided(retriage.planId(), retriage.patientId(), retriage.triageId(),
            RetriageDecision.REPLACE_PLAN, decision.reason(), replacement),
            new PlanCompleted(retriage.planId(), retriage.patientId(),
                "Replaced by plan " + replacement + " after a new triage: " + decision.reason()));
      }
    };
  }

  /** Re-triages waiting for a decision; none for a plan that is not open. */
  public static List<PlanRetriaged> retriages(State state) {
    return switch (state) {
      case AwaitingApproval awaiting -> awaiting.retriages();
      case Active active -> active.retriages();
      case Suspended suspended -> suspended.before().retriages();
      case NoPlan none -> List.of();
      case Completed done -> List.of();
    };
  }

  private List<PlanEvent> clearRestriction(State state, ClearRestriction clear) {
    Active active = switch (state) {
      case Active a -> a;
      case Suspended suspended -> suspended.before();
      default -> throw refused(state, "cleared of its restriction", "only a started plan has one to clear");
    };
    if (active.restrictionCleared()) {
      throw refused(state, "cleared of its restriction", "it was already cleared");
    }
    Protocol protocol = protocols.version(active.facts().protocolVersion());
    if (!protocol.variant(active.facts().variant()).clearable()) {
      throw refused(state, "cleared of its restriction", "the " + active.facts().variant()
          + " variant has no restriction a clinician can clear");
    }
    return List.of(new RestrictionCleared(active.facts().planId(), active.facts().patientId(),
        active.facts().variant(), clear.reason()));
  }

  private static PlanVariant variant(Category category) {
    return switch (category) {
      case STRUCTURAL -> PlanVariant.STRUCTURAL;
      case SYSTEMIC -> PlanVariant.SYSTEMIC;
      case MECHANICAL -> PlanVariant.STANDARD;
    };
  }

  /** ACUTE until 72 h after onset (the end of the onset day + 2), FOUNDATION when the plan starts later. */
  private static PlanStarted started(PlanFacts facts, Protocol protocol, LocalDate today) {
    LocalDate acuteEnds = facts.onsetDate().plusDays(protocol.phase(Phase.ACUTE).lengthDays());
    boolean acute = today.isBefore(acuteEnds);
    Phase phase = acute ? Phase.ACUTE : Phase.FOUNDATION;
    LocalDate nextReview = acute ? acuteEnds : reviewDate(protocol, Phase.FOUNDATION, today);
    return new PlanStarted(facts.planId(), facts.patientId(), facts.triageId(), facts.protocolVersion(), facts.variant(),
        phase, facts.onsetDate(), facts.timezone(), facts.baselinePain(), facts.work(), today, nextReview);
  }

  private List<PlanEvent> approve(AwaitingApproval awaiting, Approve approve) {
    PlanFacts facts = awaiting.facts();
    return List.of(new PlanApproved(facts.planId(), facts.patientId(), approve.reason()),
        started(facts, protocols.version(facts.protocolVersion()), approve.today()));
  }

  private PhaseAdvanced advanced(Active active, DecidedBy decidedBy, List<String> reasons, LocalDate today) {
    Phase next = active.phase().next();
    return new PhaseAdvanced(active.facts().planId(), active.facts().patientId(), active.phase(), next, decidedBy,
        reasons, today, reviewDate(protocols.version(active.facts().protocolVersion()), next, today));
  }

  /** The end of a phase that starts today; MAINTENANCE has none. */
  private static LocalDate reviewDate(Protocol protocol, Phase phase, LocalDate phaseStart) {
    Integer length = protocol.phase(phase).lengthDays();
    return length == null ? null : phaseStart.plusDays(length);
  }

  private LocalDate reviewAgain(Active active, LocalDate today) {
    if (active.phase() == Phase.MAINTENANCE) {
      return null;
    }
    if (active.phase() == Phase.ACUTE) { // ACUTE ends with the clock, not with a review
      return active.nextReviewOn();
    }
    return today.plusDays(protocols.version(active.facts().protocolVersion()).advancement().reviewAgainAfterDays());
  }

  private List<PlanEvent> reviewIfDue(Active active, ReviewPhase review) {
    if (active.nextReviewOn() == null || review.today().isBefore(active.nextReviewOn())) {
      return List.of(); // not due: a scheduler that runs twice decides nothing twice
    }
    if (active.phase() == Phase.ACUTE) {
      return List.of(advanced(active, DecidedBy.SCHEDULED_REVIEW,
          List.of("72 hours have passed since the pain began: the acute phase is over."), review.today()));
    }
    if (review.facts() == null) {
      throw new IllegalArgumentException("a review of " + active.phase() + " needs the phase's figures");
    }
    Protocol protocol = protocols.version(active.facts().protocolVersion());
    PhaseReview.Outcome outcome = PhaseReview.review(protocol.advancement(), review.facts(), active.consecutiveHolds());
    if (outcome.advance()) {
      return List.of(advanced(active, DecidedBy.SCHEDULED_REVIEW, outcome.reasons(), review.today()));
    }
    return List.of(new PhaseHeld(active.facts().planId(), active.facts().patientId(), active.phase(),
        DecidedBy.SCHEDULED_REVIEW, outcome.consecutiveHolds(), outcome.clinicianReviewRequested(),
        reviewAgain(active, review.today()), outcome.reasons()));
  }

  private static List<PlanEvent> suspendForFlag(State state, SuspendForFlag flag) {
    String reason = "Red flag " + flag.code() + " was raised: the plan is suspended until a clinician resumes it.";
    return switch (state) {
      // a flag a clinician has already resumed from (redelivered, or raised twice) suspends nothing again
      case Active active when active.resolvedFlagIds().contains(flag.flagId()) -> List.of();
      case Active active -> List.of(new PlanSuspended(active.facts().planId(), active.facts().patientId(),
          flag.flagId(), flag.code(), reason));
      case Suspended suspended when !suspended.openFlagIds().contains(flag.flagId())
          && !suspended.before().resolvedFlagIds().contains(flag.flagId()) -> List.of(new PlanSuspended(
          suspended.before().facts().planId(), suspended.before().facts().patientId(), flag.flagId(), flag.code(),
          reason));
      // already suspended for this flag; awaiting approval (a clinician reviews it anyway); nothing to suspend
      case Suspended suspended -> List.of();
      case NoPlan none -> List.of();
      case AwaitingApproval awaiting -> List.of();
      case Completed done -> List.of();
    };
  }

  /** Reviewed a week after resuming, but never before the phase's own review day: a pause does not shorten a phase. */
  private PlanResumed resumed(Suspended suspended, Resume resume) {
    Active active = suspended.before();
    LocalDate weekAfterResuming = reviewAgain(active, resume.today());
    LocalDate review = weekAfterResuming == null || active.nextReviewOn() == null
        || weekAfterResuming.isAfter(active.nextReviewOn()) ? weekAfterResuming : active.nextReviewOn();
    return new PlanResumed(active.facts().planId(), active.facts().patientId(), active.phase(),
        suspended.openFlagIds(), resume.reason(), review);
  }

  private static PlanCompleted completed(PlanFacts facts, Complete complete) {
    return new PlanCompleted(facts.planId(), facts.patientId(), complete.reason());
  }

  private static CommandRejectedException refused(State state, String action, String why) {
    return new CommandRejectedException("a plan that is " + describe(state) + " cannot be " + action + ": " + why);
  }

  private static String describe(State state) {
    return switch (state) {
      case NoPlan none -> "not started";
      case AwaitingApproval awaiting -> "awaiting approval";
      case Active active -> "active in " + active.phase();
      case Suspended suspended -> "suspended";
      case Completed done -> "completed";
    };
  }

  @Override
  public State evolve(State state, PlanEvent event) {
    return switch (event) {
      case PlanAwaitingApproval awaiting -> new AwaitingApproval(new PlanFacts(awaiting.planId(), awaiting.patientId(),
          awaiting.triageId(), awaiting.protocolVersion(), awaiting.variant(), awaiting.onsetDate(), awaiting.timezone(),
          awaiting.baselinePain(), awaiting.work()), awaiting.category(), awaiting.disposition(), awaiting.reasons(),
          List.of());
      case PlanApproved approved -> state; // the PlanStarted that follows makes it active
      case PlanStarted started -> new Active(new PlanFacts(started.planId(), started.patientId(), started.triageId(),
          started.protocolVersion(), started.variant(), started.onsetDate(), started.timezone(), started.baselinePain(),
          started.work()), started.phase(), started.startedOn(), started.startedOn(), started.nextReviewOn(), 0, false,
          Set.of(), false, retriages(state)); // an approved plan keeps the re-triages that waited with it
      case PhaseAdvanced advanced -> active(state, event).withCalendar(advanced.toPhase(), advanced.phaseStartedOn(),
          advanced.nextReviewOn(), 0, false);
      case PhaseHeld held -> {
        Active active = active(state, event);
        yield active.withCalendar(active.phase(), active.phaseStartedOn(), held.nextReviewOn(), held.consecutiveHolds(),
            held.clinicianReviewRequested());
      }
      case PlanRetriaged retriaged -> withRetriages(state, event, pending -> pending.add(retriaged));
      case RetriageDecided decided -> withRetriages(state, event,
          pending -> pending.removeIf(r -> r.triageId().equals(decided.triageId())));
      case RestrictionCleared cleared -> switch (state) {
        case Active a -> cleared(a);
        case Suspended suspended -> new Suspended(cleared(suspended.before()), suspended.openFlagIds());
        default -> throw impossible(state, event);
      };
      case PlanSuspended suspended -> {
        List<UUID> flags = new ArrayList<>(state instanceof Suspended s ? s.openFlagIds() : List.of());
        if (suspended.flagId() != null) {
          flags.add(suspended.flagId());
        }
        yield new Suspended(state instanceof Suspended s ? s.before() : active(state, event), flags);
      }
      case PlanResumed resumed -> {
        if (!(state instanceof Suspended suspended)) {
          throw impossible(state, event);
        }
        Active before = suspended.before();
        Set<UUID> resolved = new HashSet<>(before.resolvedFlagIds());
        resolved.addAll(suspended.openFlagIds());
        yield new Active(before.facts(), before.phase(), before.startedOn(), before.phaseStartedOn(),
            resumed.nextReviewOn(), 0, false, resolved, before.restrictionCleared(), before.retriages());
      }
      case PlanCompleted completed -> switch (state) {
        case AwaitingApproval awaiting -> new Completed(awaiting.facts(), null);
        case Active active -> new Completed(active.facts(), active.phase());
        case Suspended suspended -> new Completed(suspended.before().facts(), suspended.before().phase());
        default -> throw impossible(state, event);
      };
    };
  }

  private static Active cleared(Active active) {
    return new Active(active.facts(), active.phase(), active.startedOn(), active.phaseStartedOn(), active.nextReviewOn(),
        active.consecutiveHolds(), active.clinicianReviewRequested(), active.resolvedFlagIds(), true,
        active.retriages());
  }

  private static State withRetriages(State state, PlanEvent event, Consumer<List<PlanRetriaged>> change) {
    List<PlanRetriaged> pending = new ArrayList<>(retriages(state));
    change.accept(pending);
    return switch (state) {
      case AwaitingApproval a -> new AwaitingApproval(a.facts(), a.category(), a.disposition(), a.reasons(), pending);
      case Active a -> a.withRetriages(pending);
      case Suspended suspended -> new Suspended(suspended.before().withRetriages(pending), suspended.openFlagIds());
      case NoPlan none -> throw impossible(state, event);
      case Completed done -> throw impossible(state, event);
    };
  }

  private static Active active(State state, PlanEvent event) {
    if (state instanceof Active active) {
      return active;
    }
    throw impossible(state, event);
  }

  private static IllegalStateException impossible(State state, PlanEvent event) {
    return new IllegalStateException("a plan " + describe(state) + " cannot take " + event.getClass().getSimpleName());
  }
}
