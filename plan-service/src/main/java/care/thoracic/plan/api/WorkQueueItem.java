package care.thoracic.plan.api;

import care.thoracic.contracts.clinical.WorkItemKind;
import care.thoracic.plan.domain.WorkQueueDeadlines;
import care.thoracic.plan.store.WorkQueue;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One item of the clinic's work queue as a clinician sees it: what waits, since when, its
 * acknowledgement deadline under the clinic's settings, who acknowledged it, and how often it was
 * escalated. {@code nextEscalationAt} is when it is escalated next if nobody acknowledges it.
 */
public record WorkQueueItem(
    UUID itemId,
    WorkItemKind kind,
    String patientId,
    UUID planId,
    List<String> reasons,
    Instant openedAt,
    Instant deadline,
    boolean overdue,
    WorkQueue.Status status,
    Instant closedAt,
    String closedBecause,
    String acknowledgedBy,
    Instant acknowledgedAt,
    int escalations,
    Instant nextEscalationAt) {

  static WorkQueueItem of(WorkQueue.StoredItem item, WorkQueueDeadlines deadlines, Instant now) {
    Instant deadline = deadlines.deadline(item.kind(), item.openedAt(), 1);
    boolean waiting = item.status() == WorkQueue.Status.OPEN && !item.acknowledged();
    return new WorkQueueItem(item.itemId(), item.kind(), item.patientId(), item.planId(), item.reasons(),
        item.openedAt(), deadline, waiting && now.isAfter(deadline), item.status(), item.closedAt(),
        item.closedBecause(), item.acknowledgedBy(), item.acknowledgedAt(), item.escalations(),
        waiting ? deadlines.deadline(item.kind(), item.openedAt(), item.escalations() + 1) : null);
  }

}
