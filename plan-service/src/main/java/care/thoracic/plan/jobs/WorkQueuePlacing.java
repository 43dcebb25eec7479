package care.thoracic.plan.jobs;

import care.thoracic.plan.store.ClinicSettings;
import care.thoracic.plan.store.WorkQueue;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Every {@code plan.work-queue.placing-every} (and soon after start), every clinic's work queue
 * placed again where it was placed under deadlines other than this instance's (the clinic's
 * settings over this instance's defaults): a read that raced the clinic's change of its deadlines,
 * a deployment that changed the defaults. A read places only what is new ({@link WorkQueue#placeNew});
 * this is what puts the rest right. During a rollout that changes the defaults, old and new
 * instances each place the queue under their own at this pace, not at every read, until the old
 * ones are gone.
 */
@ApplicationScoped
public class WorkQueuePlacing {
  private static final Logger LOG = Logger.getLogger(WorkQueuePlacing.class);

  @Inject WorkQueue queue;
  @Inject ClinicSettings settings;

  @Scheduled(every = "${plan.work-queue.placing-every}", delayed = "5s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void placeEveryClinic() {
    int placed = queue.placeEveryClinicUnder(clinic -> settings.workQueue(clinic).deadlines());
    if (placed > 0) {
      LOG.infof("work queues of %d clinics placed again under this instance's deadlines", placed);
    }
  }
}
