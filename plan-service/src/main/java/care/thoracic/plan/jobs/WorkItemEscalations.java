package care.thoracic.plan.jobs;

import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.WorkItemEvent;
import care.thoracic.eventsourcing.config.CareConfig;
import care.thoracic.eventsourcing.projection.Projector;
import care.thoracic.eventsourcing.store.Causation;
import care.thoracic.eventsourcing.store.EventSourcedRepository;
import care.thoracic.plan.domain.WorkItem;
import care.thoracic.plan.domain.WorkQueueDeadlines;
import care.thoracic.plan.store.ClinicSettings;
import care.thoracic.plan.store.WorkQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Escalates work items nobody acknowledged by their deadline (CLINICAL §8), and again at each
 * further deadline: one {@code care.workitem.escalated.v1} per level, whichever instance runs first
 * (the item's stream decides; a level already escalated is not escalated again).
 */
@ApplicationScoped
public class WorkItemEscalations {
  private static final Logger LOG = Logger.getLogger(WorkItemEscalations.class);
  private static final int ATTEMPTS_ON_CONFLICT = 3;

  @Inject WorkQueue queue;
  @Inject ClinicSettings settings;
  @Inject EventSourcedRepository<WorkItem.Command, WorkItemEvent, WorkItem.State> workItems;
  @Inject Projector projector;
  @Inject Clock clock;
  @Inject CareConfig config;
  @Inject MeterRegistry meters;

  @Scheduled(every = "${plan.work-queue.escalation-every:30s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    escalateOverdue();
  }

  /** @return how many items were escalated this run */
  public int escalateOverdue() {
    Instant now = clock.instant();
    Map<Tenant, WorkQueueDeadlines> deadlinesOf = new HashMap<>();
    int[] escalated = {0};
    queue.forEachUnacknowledgedAcrossTenants((tenant, item) -> {
      try { // one clinic's or item's trouble must not stop the others' escalation
        WorkQueueDeadlines deadlines = deadlinesOf.computeIfAbsent(tenant, clinic -> settings.workQueue(clinic)
            .deadlines());
        int level = deadlines.passedDeadlines(item.kind(), item.openedAt(), now);
        if (level <= item.escalations()) {
          return;
        }
        var result = workItems.handleRetrying(tenant, WorkItem.streamId(item.itemId()), new WorkItem.Escalate(
            item.subject(), level, item.openedAt(), deadlines.deadline(item.kind(), item.openedAt(), level)),
            Causation.scheduled(config.serviceName(), "work-item-escalation"), ATTEMPTS_ON_CONFLICT);
        result.appended().forEach(projector::project);
        if (!result.appended().isEmpty()) {
          escalated[0]++;
          Counter.builder("care.workqueue.escalated").description("Work items escalated past a deadline")
              .tag("kind", item.kind().name()).register(meters).increment();
        }
      } catch (RuntimeException e) {
        LOG.errorf(e, "escalating work item %s (%s) failed; it is tried again on the next run", item.itemId(), tenant);
      }
    });
    return escalated[0];
  }
}
