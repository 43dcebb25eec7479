package care.thoracic.plan.jobs;

import care.thoracic.plan.store.ClinicSettings;
import care.thoracic.plan.store.WorkQueue;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * At start, every clinic's work queue placed again where it was placed under deadlines other than
 * this instance's (the clinic's settings over this instance's defaults): after a deployment changed
 * the defaults, the order follows them once, not at every read ({@link WorkQueue#placeNew}). Off the
 * start-up path: the service is ready before it ends, and the queue is read in its previous order
 * meanwhile. While an older instance restarts during the rollout, the one started last decides.
 */
@ApplicationScoped
public class WorkQueuePlacing {
  private static final Logger LOG = Logger.getLogger(WorkQueuePlacing.class);

  @Inject WorkQueue queue;
  @Inject ClinicSettings settings;

  void atStart(@Observes StartupEvent start) {
    Thread.ofVirtual().name("work-queue-placing").start(this::placeEveryClinic);
  }

  void placeEveryClinic() {
    try {
      int placed = queue.placeEveryClinicUnder(clinic -> settings.workQueue(clinic).deadlines());
      if (placed > 0) {
        LOG.infof("work queues of %d clinics placed again under this instance's deadlines", placed);
      }
    } catch (RuntimeException e) {
      LOG.warnf(e, "work queues not placed again at start; they keep their order until the next start or a "
          + "clinic's change of its deadlines");
    }
  }
}
