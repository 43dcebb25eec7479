package care.thoracic.plan.domain;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.WorkItemKind;
import care.thoracic.contracts.events.WorkItemAcknowledged;
import care.thoracic.contracts.events.WorkItemEscalated;
import care.thoracic.contracts.events.WorkItemEvent;
import care.thoracic.eventsourcing.decider.Decider;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One item of the clinic's work queue (CLINICAL §8), as far as people act on it: acknowledged once
 * (who and when; a second acknowledgement changes nothing), and escalated at each deadline that
 * passes unacknowledged, each level once however many schedulers see it. What the item is about
 * (a flag, an approval, a review request, a re-triage) and when it closes is the queue's view of
 * the plan events; this stream holds only what was done about it.
 */
public final class WorkItem implements Decider<WorkItem.Command, WorkItemEvent, WorkItem.State> {

  /** What the item is: the same in every command and event of its stream. */
  public record Subject(UUID itemId, PatientId patientId, WorkItemKind kind, UUID planId) {}

  public sealed interface Command permits Acknowledge, Escalate {
    Subject subject();
  }

  public record Acknowledge(Subject subject, String by) implements Command {}

  /** The item's {@code level}-th deadline, {@code deadline}, passed unacknowledged. */
  public record Escalate(Subject subject, int level, Instant openedAt, Instant deadline) implements Command {}

  public sealed interface State permits Unacknowledged, Acknowledged {}

  /** @param escalations how many deadlines were escalated so far */
  public record Unacknowledged(int escalations) implements State {}

  public record Acknowledged(String by) implements State {}

  /** The stream of the item with id {@code itemId}. */
  public static String streamId(UUID itemId) {
    return "workitem-" + itemId;
  }

  /** Item ids are derived from what opened them, so every instance and every replay names an item alike. */
  public static UUID itemId(String opening) {
    return UUID.nameUUIDFromBytes(("work-item:" + opening).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public State initialState() {
    return new Unacknowledged(0);
  }

  @Override
  public List<WorkItemEvent> decide(Command command, State state) {
    Subject subject = command.subject();
    return switch (command) {
      case Acknowledge acknowledge -> switch (state) {
        case Unacknowledged open -> List.of(new WorkItemAcknowledged(subject.itemId(), subject.patientId(),
            subject.kind(), subject.planId(), acknowledge.by()));
        case Acknowledged done -> List.of();
      };
      case Escalate escalate -> switch (state) {
        case Unacknowledged open when escalate.level() > open.escalations() -> List.of(new WorkItemEscalated(
            subject.itemId(), subject.patientId(), subject.kind(), subject.planId(), escalate.level(),
            escalate.openedAt(), escalate.deadline()));
        case Unacknowledged open -> List.of();
        case Acknowledged done -> List.of();
      };
    };
  }

  @Override
  public State evolve(State state, WorkItemEvent event) {
    return switch (event) {
      case WorkItemAcknowledged acknowledged -> new Acknowledged(acknowledged.acknowledgedBy());
      case WorkItemEscalated escalated -> switch (state) {
        case Unacknowledged open -> new Unacknowledged(Math.max(open.escalations(), escalated.level()));
        case Acknowledged done -> done;
      };
    };
  }
}
