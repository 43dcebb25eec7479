package care.thoracic.plan.store;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.Disposition;
import care.thoracic.contracts.clinical.FlagCode;
import care.thoracic.contracts.clinical.RetriageDecision;
import care.thoracic.contracts.events.PlanCompleted;
import care.thoracic.contracts.events.PlanEvent;
import care.thoracic.contracts.events.PlanRetriaged;
import care.thoracic.contracts.events.RetriageDecided;
import care.thoracic.contracts.events.TriageCompleted;
import care.thoracic.eventsourcing.store.Causation;
import care.thoracic.eventsourcing.store.EventSourcedRepository;
import care.thoracic.plan.domain.CarePlan;
import care.thoracic.plan.domain.Protocols;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A patient's plans as one (CLINICAL §8): at most one open plan, held by {@link OpenPlans}; a new
 * triage either opens it or is recorded on it as a re-triage; a clinician's replacement ends the
 * open plan and starts the proposed one. Each step is idempotent and safe to run again after a
 * crash: a redelivered triage, or the service's own {@link RetriageDecided} back from Kafka, finishes
 * what an interrupted request began.
 */
@ApplicationScoped
public class PatientPlans {
  private static final int ATTEMPTS_ON_CONFLICT = 5;
  private static final int ATTEMPTS_ON_STALE_RESERVATION = 3;
  /** How long a reservation whose plan has not started yet is taken as being started, not as left by a crash. */
  private static final Duration STARTING_GRACE = Duration.ofSeconds(10);

  private static final Logger LOG = Logger.getLogger(PatientPlans.class);

  @Inject EventSourcedRepository<CarePlan.Command, PlanEvent, CarePlan.State> carePlans;
  @Inject OpenPlans openPlans;
  @Inject PlanSummaries summaries;
  @Inject RedFlagInbox inbox;
  @Inject ClinicSettings settings;
  @Inject Protocols protocols;
  @Inject Clock clock;

  /**
   * A triage of the patient: opens their plan, or is recorded on the open one; an URGENT one opens
   * none. {@code triagedAt} is when it was completed: a flag raised since then, read before this
   * triage (another topic), suspends the plan it opens.
   */
  public void triaged(Tenant tenant, TriageCompleted triage, Instant triagedAt, Causation causation) {
    if (triage.disposition() == Disposition.URGENT) {
      return; // its red flags suspend the open plan (see plansToSuspend); no plan starts
    }
    UUID candidate = CarePlan.planId(triage.triageId());
    LocalDate today = LocalDate.now(clock.withZone(triage.intake().timezone()));
    Instant giveUpAt = Instant.now().plus(STARTING_GRACE.multipliedBy(2));
    for (int settled = 0; settled < ATTEMPTS_ON_STALE_RESERVATION && Instant.now().isBefore(giveUpAt); ) {
      UUID holder = holderOrReserve(tenant, triage.patientId(), candidate);
      if (holder.equals(candidate)) {
        var started = carePlans.handleRetrying(tenant, CarePlan.streamId(candidate),
            new CarePlan.StartFromTriage(triage, today, pinnedProtocol(tenant)), causation, ATTEMPTS_ON_CONFLICT);
        if (started.state() instanceof CarePlan.Active) {
          suspendForFlagsSince(tenant, triage, triagedAt, candidate, causation);
        }
        return;
      }
      var open = carePlans.load(tenant, CarePlan.streamId(holder));
      if (open.state() instanceof CarePlan.NoPlan && openPlans.reservedWithin(tenant, triage.patientId(), holder,
          STARTING_GRACE)) {
        pause(); // reserved a moment ago: another instance is starting that plan right now
        continue;
      }
      settled++;
      if (!settledStale(tenant, triage.patientId(), holder, candidate, open.state(), causation)) {
        if (!decidedBefore(open, triage.triageId())) { // a redelivery of a triage decided on records nothing
          carePlans.handleRetrying(tenant, CarePlan.streamId(holder), new CarePlan.RecordRetriage(triage), causation,
              ATTEMPTS_ON_CONFLICT);
        }
        return;
      }
    }
    throw new IllegalStateException("the open plan of " + triage.patientId() + " kept changing; tried again later");
  }

  /** A clinician's decision on a re-triage of {@code planId}, on the version they saw. */
  public EventSourcedRepository.Result<PlanEvent, CarePlan.State> decideRetriage(Tenant tenant, UUID planId,
      OptionalLong expectedVersion, CarePlan.DecideRetriage decision, Causation causation) {
    var result = carePlans.handle(tenant, CarePlan.streamId(planId), expectedVersion, decision, causation);
    result.appended().stream().map(envelope -> envelope.event()).filter(RetriageDecided.class::isInstance)
        .map(RetriageDecided.class::cast).forEach(decided -> retriageDecided(tenant, decided, causation));
    return result;
  }

  /**
   * After a replacement: the proposed plan starts (or awaits approval) and holds the reservation.
   * Also run for the event back from Kafka, so a request interrupted after the decision completes.
   */
  public void retriageDecided(Tenant tenant, RetriageDecided decided, Causation causation) {
    if (decided.decision() != RetriageDecision.REPLACE_PLAN) {
      return;
    }
    PlanRetriaged proposal = carePlans.load(tenant, CarePlan.streamId(decided.planId())).events().stream()
        .map(envelope -> envelope.event()).filter(PlanRetriaged.class::isInstance).map(PlanRetriaged.class::cast)
        .filter(retriage -> retriage.triageId().equals(decided.triageId())).findFirst()
        .orElseThrow(() -> new IllegalStateException("plan " + decided.planId() + " records no re-triage "
            + decided.triageId()));
    carePlans.handleRetrying(tenant, CarePlan.streamId(decided.replacementPlanId()), new CarePlan.StartReplacement(
        proposal, LocalDate.now(clock.withZone(proposal.timezone())), pinnedProtocol(tenant)), causation,
        ATTEMPTS_ON_CONFLICT);
    openPlans.move(tenant, decided.patientId(), decided.planId(), decided.replacementPlanId());
  }

  /**
   * The version the clinic pins new plans to; null (the current one) if it chose none, or chose one
   * this deployment no longer has (a plan must start, on the current version, rather than not at all).
   */
  private String pinnedProtocol(Tenant tenant) {
    String pinned = settings.protocol(tenant).pinned();
    if (pinned != null && !protocols.versions().contains(pinned)) {
      LOG.warnf("clinic %s pins protocol %s, which this deployment does not have: new plans get %s", tenant.id(),
          pinned, protocols.current().canonicalVersion());
      return null;
    }
    return pinned;
  }

  /** A plan that ended no longer holds the patient's reservation (a replaced one has handed it on already). */
  public void completed(Tenant tenant, PlanCompleted completed) {
    openPlans.release(tenant, completed.patientId(), completed.planId());
  }

  /**
   * The plans an urgent flag about the patient suspends: the open one, and any other the plan
   * summaries know as open (data from before one plan per patient was kept may hold two).
   */
  public List<UUID> plansToSuspend(Tenant tenant, PatientId patient) {
    Set<UUID> plans = new LinkedHashSet<>();
    openPlans.holder(tenant, patient).ifPresent(plans::add);
    plans.addAll(summaries.openPlans(tenant, patient));
    return List.copyOf(plans);
  }

  /**
   * Flags about the patient raised since the triage, by another triage, and still open: had the plan
   * existed when they were read, they would have suspended it (an URGENT re-triage read before the
   * triage that opens the plan, or between the reservation and the start).
   */
  private void suspendForFlagsSince(Tenant tenant, TriageCompleted triage, Instant triagedAt, UUID planId,
      Causation causation) {
    for (RedFlagInbox.Flag flag : inbox.openOf(tenant, triage.patientId())) {
      if (flag.planId() == null && !triage.triageId().equals(flag.triageId())
          && !flag.raisedAt().toInstant().isBefore(triagedAt.truncatedTo(ChronoUnit.MILLIS))) { // stored to the ms
        carePlans.handleRetrying(tenant, CarePlan.streamId(planId), new CarePlan.SuspendForFlag(flag.flagId(),
            FlagCode.valueOf(flag.code()), flag.triageId()), causation, ATTEMPTS_ON_CONFLICT);
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while another instance started the patient's plan", e);
    }
  }

  private static boolean decidedBefore(EventSourcedRepository.Loaded<PlanEvent, CarePlan.State> plan, UUID triageId) {
    return plan.events().stream().map(envelope -> envelope.event()).filter(RetriageDecided.class::isInstance)
        .anyMatch(decided -> ((RetriageDecided) decided).triageId().equals(triageId));
  }

  /** The plan holding the patient's reservation; one opened before reservations existed is reserved first. */
  private UUID holderOrReserve(Tenant tenant, PatientId patient, UUID candidate) {
    return openPlans.holder(tenant, patient).orElseGet(() -> openPlans.reserve(tenant, patient,
        summaries.openPlans(tenant, patient).stream().filter(plan -> !plan.equals(candidate)).findFirst()
            .orElse(candidate)));
  }

  /**
   * Whether the reservation was stale and has been put right: its plan ended (replaced: the
   * replacement holds it; otherwise it is released), or never started (the candidate takes it).
   */
  private boolean settledStale(Tenant tenant, PatientId patient, UUID holder, UUID candidate, CarePlan.State open,
      Causation causation) {
    return switch (open) {
      case CarePlan.Completed done -> {
        RetriageDecided replaced = carePlans.load(tenant, CarePlan.streamId(holder)).events().stream()
            .map(envelope -> envelope.event()).filter(RetriageDecided.class::isInstance).map(RetriageDecided.class::cast)
            .filter(decided -> decided.replacementPlanId() != null).findFirst().orElse(null);
        if (replaced != null) {
          retriageDecided(tenant, replaced, causation); // the replacement started, then holding the reservation
        } else {
          openPlans.release(tenant, patient, holder);
        }
        yield true;
      }
      case CarePlan.NoPlan never -> {
        openPlans.move(tenant, patient, holder, candidate);
        yield true;
      }
      case CarePlan.AwaitingApproval awaiting -> false;
      case CarePlan.Active active -> false;
      case CarePlan.Suspended suspended -> false;
    };
  }
}
