package care.thoracic.plan.domain;

import care.thoracic.contracts.clinical.WorkItemKind;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A clinic's acknowledgement deadlines (CLINICAL §8): how long each kind of work item may wait for a
 * clinician. An item unacknowledged at its opening plus one period is escalated, and again at each
 * further period. Deadlines are never stored on the items: a clinic that changes its settings moves
 * every open item's deadline at once.
 */
public record WorkQueueDeadlines(Map<WorkItemKind, Duration> periods) {
  /** The shortest and the longest period a clinic may set. */
  public static final Duration SHORTEST = Duration.ofMinutes(1);
  public static final Duration LONGEST = Duration.ofDays(30);

  public WorkQueueDeadlines {
    EnumMap<WorkItemKind, Duration> all = new EnumMap<>(WorkItemKind.class);
    for (WorkItemKind kind : WorkItemKind.values()) {
      Duration period = Objects.requireNonNull(periods.get(kind), () -> "no deadline for " + kind);
      if (period.compareTo(SHORTEST) < 0 || period.compareTo(LONGEST) > 0) {
        throw new IllegalArgumentException("the deadline for " + kind + " must be between " + SHORTEST + " and "
            + LONGEST);
      }
      all.put(kind, period);
    }
    periods = Map.copyOf(all);
  }

  /** §8's defaults: urgent flags 15 minutes, high ones 24 hours, everything else 3 days. */
  public static WorkQueueDeadlines defaults(Duration urgent, Duration high, Duration other) {
    EnumMap<WorkItemKind, Duration> periods = new EnumMap<>(WorkItemKind.class);
    for (WorkItemKind kind : WorkItemKind.values()) {
      periods.put(kind, switch (kind) {
        case URGENT_RED_FLAG -> urgent;
        case HIGH_RED_FLAG -> high;
        case MODERATE_RED_FLAG, APPROVAL, REVIEW_REQUEST, RE_TRIAGED -> other;
      });
    }
    return new WorkQueueDeadlines(periods);
  }

  public Duration period(WorkItemKind kind) {
    return periods.get(kind);
  }

  /** The {@code level}-th deadline of an item opened at {@code openedAt}; the first is its acknowledgement deadline. */
  public Instant deadline(WorkItemKind kind, Instant openedAt, int level) {
    return openedAt.plus(period(kind).multipliedBy(level));
  }

  /**
   * How many of the item's deadlines have passed by {@code now}: the escalation level it is due. A
   * deadline passes after its instant; acknowledging at the deadline itself is in time.
   */
  public int passedDeadlines(WorkItemKind kind, Instant openedAt, Instant now) {
    if (!now.isAfter(openedAt)) {
      return 0;
    }
    long passed = Duration.between(openedAt, now).minusNanos(1).dividedBy(period(kind));
    return (int) Math.min(passed, Integer.MAX_VALUE);
  }
}
