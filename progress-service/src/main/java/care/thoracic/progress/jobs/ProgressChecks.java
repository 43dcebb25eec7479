package care.thoracic.progress.jobs;

import care.thoracic.contracts.PatientErasedException;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.eventsourcing.config.CareConfig;
import care.thoracic.eventsourcing.store.Causation;
import care.thoracic.eventsourcing.store.EventSourcedRepository;
import care.thoracic.eventsourcing.store.OneOffChanges;
import care.thoracic.progress.domain.PlanFacts;
import care.thoracic.progress.domain.PlanProgress;
import care.thoracic.progress.store.CheckDueDates;
import care.thoracic.progress.store.ProgressViews;
import com.mongodb.client.MongoDatabase;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The time-based rules of CLINICAL §5 (assessments every four weeks, no improvement, worsening
 * pain), once a day per running plan, on its patient's day, on the injected clock. Only the plans
 * that are due are read ({@link CheckDueDates}): a plan checked today is due again when its
 * patient's next day starts. Each check also puts the plan's figures for its patient's new day on
 * the at-risk list ({@link ProgressViews#refreshRisk}), which no event would. Several instances may check at once, because the decider decides
 * nothing twice (assessments and flags are named by the plan, and an open flag is never raised again).
 */
@ApplicationScoped
public class ProgressChecks {
  private static final Logger LOG = Logger.getLogger(ProgressChecks.class);
  private static final int ATTEMPTS_ON_CONFLICT = 3;
  private static final int BATCH = 500;

  @Inject EventSourcedRepository<PlanProgress.Command, CareEvent, PlanProgress.State> progress;
  @Inject ProgressViews views;
  @Inject CheckDueDates dueDates;
  @Inject MongoDatabase database;
  @Inject Clock clock;
  @Inject CareConfig config;
  private volatile boolean oneOffChangesMade;

  @Scheduled(every = "${progress.checks.every:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    checkDuePlans();
  }

  /** @return how many plans had something decided (an assessment or a flag) */
  public int checkDuePlans() {
    makeOneOffChanges();
    Instant now = clock.instant();
    int decided = 0;
    List<CheckDueDates.Due> batch;
    do {
      batch = dueDates.dueBy(now, BATCH);
      for (CheckDueDates.Due due : batch) {
        try {
          decided += check(due) ? 1 : 0;
        } catch (RuntimeException e) { // one plan's trouble must not stop the others' checks
          LOG.errorf(e, "progress check of plan %s (%s) failed; it is tried again on the next run", due.planId(),
              due.tenant());
          dueDates.retryAt(due, now.plusSeconds(60)); // not again in this run's next batch
        }
      }
    } while (batch.size() == BATCH);
    return decided;
  }

  private boolean check(CheckDueDates.Due due) {
    Optional<PlanFacts> facts;
    try {
      facts = views.facts(due.tenant(), due.planId());
    } catch (PatientErasedException e) {
      facts = Optional.empty();
    }
    if (facts.isEmpty() || !facts.get().running()) { // completed, or erased: never due again
      views.refreshRisk(due.tenant(), due.planId()); // off the at-risk list, whoever applied the completion
      dueDates.done(due);
      return false;
    }
    PlanFacts plan = facts.get();
    LocalDate today = LocalDate.now(clock.withZone(plan.timezone()));
    boolean decided = !today.toString().equals(due.checkedOn()) && !progress.handleRetrying(due.tenant(),
        PlanProgress.streamId(plan.planId()), new PlanProgress.Check(plan, today),
        Causation.scheduled(config.serviceName(), "progress-check"), ATTEMPTS_ON_CONFLICT).appended().isEmpty();
    views.refreshRisk(due.tenant(), plan.planId());
    dueDates.checked(due, today, plan.timezone());
    return decided;
  }

  /** Plans kept from before due dates and the at-risk list (2026-12-02) get theirs, once per store. */
  private void makeOneOffChanges() {
    if (!oneOffChangesMade) {
      OneOffChanges changes = new OneOffChanges(database, "progress_migrations", Clock.systemUTC());
      changes.runOnce("check-due-dates", () -> dueDates.giveDueDates(views, clock.instant()));
      changes.runOnce("at-risk-list", views::giveRiskPlaces);
      oneOffChangesMade = true;
    }
  }
}
