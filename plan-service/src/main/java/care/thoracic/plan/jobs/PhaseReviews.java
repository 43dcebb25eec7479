package care.thoracic.plan.jobs;

import care.thoracic.contracts.PatientErasedException;
import care.thoracic.contracts.events.PlanEvent;
import care.thoracic.eventsourcing.config.CareConfig;
import care.thoracic.eventsourcing.store.Causation;
import care.thoracic.eventsourcing.store.EventSourcedRepository;
import care.thoracic.eventsourcing.store.OneOffChanges;
import care.thoracic.plan.domain.CarePlan;
import care.thoracic.plan.domain.PhaseReview;
import care.thoracic.plan.store.PhaseReviewEvidence;
import care.thoracic.plan.store.PlanSummaries;
import com.mongodb.client.MongoDatabase;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Date;
import org.jboss.logging.Logger;

/**
 * Runs the phase reviews that are due (CLINICAL §4), on the injected clock, so an adjusted clock
 * walks plans through their weeks. Only the plans whose review day has begun in their patient's zone
 * are read ({@link PlanSummaries#reviewsDueBy}). Several instances may run it at once: the decider decides nothing
 * for a review that is not due, and a concurrent review of the same plan loses on the version and
 * finds it done.
 */
@ApplicationScoped
public class PhaseReviews {
  private static final Logger LOG = Logger.getLogger(PhaseReviews.class);
  private static final int ATTEMPTS_ON_CONFLICT = 3;

  @Inject EventSourcedRepository<CarePlan.Command, PlanEvent, CarePlan.State> carePlans;
  @Inject PlanSummaries summaries;
  @Inject PhaseReviewEvidence progress;
  @Inject Clock clock;
  @Inject CareConfig config;
  @Inject MongoDatabase database;
  private volatile boolean reviewTimesGiven;

  @Scheduled(every = "${plan.phase-review.every:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    reviewDuePlans();
  }

  /** @return how many plans had a review decided (advanced or held) */
  public int reviewDuePlans() {
    if (!reviewTimesGiven) {
      new OneOffChanges(database, "plan_migrations", Clock.systemUTC()).runOnce("review-times", summaries::giveReviewTimes);
      reviewTimesGiven = true;
    }
    int decided = 0;
    for (PlanSummaries.DueReview due : summaries.reviewsDueBy(clock.instant())) {
      try {
        decided += review(due) ? 1 : 0;
      } catch (PatientErasedException e) { // erased, and the views not yet told: they forget the plan shortly
        LOG.debugf("phase review of plan %s (%s) skipped: its patient is erased", due.planId(), due.tenant());
      } catch (RuntimeException e) { // one plan's trouble must not stop the others' reviews
        LOG.errorf(e, "phase review of plan %s (%s) failed; it is tried again on the next run", due.planId(), due.tenant());
      }
    }
    return decided;
  }

  private boolean review(PlanSummaries.DueReview due) {
    String streamId = CarePlan.streamId(due.planId());
    if (!(carePlans.load(due.tenant(), streamId).state() instanceof CarePlan.Active active)) {
      return false; // the view lags the plan: suspended or completed meanwhile
    }
    LocalDate today = LocalDate.now(clock.withZone(active.facts().timezone()));
    PhaseReview.Facts facts = PhaseReview.facts(progress.sessions(due.tenant(), due.planId()), active.phaseStartedOn(),
        today, active.facts().baselinePain(), progress.latestAssessmentSince(due.tenant(), due.planId(),
            Date.from(active.phaseStartedOn().atStartOfDay(active.facts().timezone()).toInstant())));
    var result = carePlans.handleRetrying(due.tenant(), streamId, new CarePlan.ReviewPhase(today, facts),
        Causation.scheduled(config.serviceName(), "phase-review"), ATTEMPTS_ON_CONFLICT);
    return !result.appended().isEmpty();
  }
}
