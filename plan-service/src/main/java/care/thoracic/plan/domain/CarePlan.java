package care.thoracic.plan.domain;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.Category;
import care.thoracic.contracts.clinical.DecidedBy;
import care.thoracic.contracts.clinical.Disposition;
import care.thoracic.contracts.clinical.FlagCode;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.PlanVariant;
import care.thoracic.contracts.clinical.WorkPattern;
import care.thoracic.contracts.events.PhaseAdvanced;
import care.thoracic.contracts.events.PhaseHeld;
import care.thoracic.contracts.events.PlanApproved;
import care.thoracic.contracts.events.PlanAwaitingApproval;
import care.thoracic.contracts.events.PlanCompleted;
import care.thoracic.contracts.events.PlanEvent;
import care.thoracic.contracts.events.PlanResumed;
import care.thoracic.contracts.events.PlanStarted;
import care.thoracic.contracts.events.PlanSuspended;
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

/**
 * One patient's care plan (CLINICAL §2-§4): started or put up for approval by a triage, walked
 * through its phases by scheduled reviews and by clinicians, suspended by red flags, resumed,
 * completed. Dates are the patient's local dates; the caller passes "today" in the patient's zone.
 */
public final class CarePlan implements Decider<CarePlan.Command, PlanEvent, CarePlan.State> {

  public sealed interface Command permits StartFromTriage, Approve, Advance, Hold, Suspend, SuspendForFlag, Resume,
      Complete, ReviewPhase {}

  /** From a {@code TriageCompleted}; the plan id is derived from the triage id. */
  public record StartFromTriage(TriageCompleted triage, LocalDate today) implements Command {}

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

  public record AwaitingApproval(PlanFacts facts, Category category, Disposition disposition, List<String> reasons)
      implements State {}

  /** @param resolvedFlagIds flags a clinician resumed the plan from: the same flag again suspends nothing */
  public record Active(PlanFacts facts, Phase phase, LocalDate startedOn, LocalDate phaseStartedOn,
      LocalDate nextReviewOn, int consecutiveHolds, boolean clinicianReviewRequested, Set<UUID> resolvedFlagIds)
      implements State {
    public Active {
      resolvedFlagIds = Set.copyOf(resolvedFlagIds);
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
      case StartFromTriage start -> state instanceof NoPlan ? start(start) : List.of(); // redelivered: nothing new
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
      case Complete complete -> switch (state) {
        case AwaitingApproval awaiting -> List.of(completed(awaiting.facts(), complete));
        case Active active -> List.of(completed(active.facts(), complete));
        case Suspended suspended -> List.of(completed(suspended.before().facts(), complete));
        default -> throw refused(state, "completed", "there is no running plan to complete");
      };
      case ReviewPhase review -> state instanceof Active active ? reviewIfDue(active, review) : List.of();
    };
  }

  private List<PlanEvent> start(StartFromTriage command) {
    TriageCompleted triage = command.triage();
    Protocol protocol = protocols.current();
    PlanFacts facts = new PlanFacts(planId(triage.triageId()), triage.patientId(), triage.triageId(),
        protocol.canonicalVersion(), variant(triage.category()), triage.intake().onsetDate(),
        triage.intake().timezone(), triage.intake().painScore(), triage.intake().work());
    return switch (triage.disposition()) {
      case SELF_CARE -> List.of(started(facts, protocol, command.today()));
      case MODIFIED_CARE, REFER -> List.of(new PlanAwaitingApproval(facts.planId(), facts.patientId(), facts.triageId(),
          facts.protocolVersion(), facts.variant(), triage.category(), triage.disposition(), triage.reasons(),
          facts.onsetDate(), facts.timezone(), facts.baselinePain(), facts.work()));
      case URGENT -> List.of(); // red flags: emergency care, never a self-care plan
    };
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
          awaiting.baselinePain(), awaiting.work()), awaiting.category(), awaiting.disposition(), awaiting.reasons());
      case PlanApproved approved -> state; // the PlanStarted that follows makes it active
      case PlanStarted started -> new Active(new PlanFacts(started.planId(), started.patientId(), started.triageId(),
          started.protocolVersion(), started.variant(), started.onsetDate(), started.timezone(), started.baselinePain(),
          started.work()), started.phase(), started.startedOn(), started.startedOn(), started.nextReviewOn(), 0, false,
          Set.of());
      case PhaseAdvanced advanced -> {
        Active active = active(state, event);
        yield new Active(active.facts(), advanced.toPhase(), active.startedOn(), advanced.phaseStartedOn(),
            advanced.nextReviewOn(), 0, false, active.resolvedFlagIds());
      }
      case PhaseHeld held -> {
        Active active = active(state, event);
        yield new Active(active.facts(), active.phase(), active.startedOn(), active.phaseStartedOn(),
            held.nextReviewOn(), held.consecutiveHolds(), held.clinicianReviewRequested(), active.resolvedFlagIds());
      }
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
            resumed.nextReviewOn(), 0, false, resolved);
      }
      case PlanCompleted completed -> switch (state) {
        case AwaitingApproval awaiting -> new Completed(awaiting.facts(), null);
        case Active active -> new Completed(active.facts(), active.phase());
        case Suspended suspended -> new Completed(suspended.before().facts(), suspended.before().phase());
        default -> throw impossible(state, event);
      };
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
