package care.thoracic.plan.domain;

import care.thoracic.contracts.clinical.WorkItemKind;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A clinic's acknowledgement deadlines (CLINICAL §8): how long each kind of work item may wait for a
 * clinician. An item unacknowledged at its opening plus one period is escalated, and again at each
 * further period. A clinic that changes its settings moves every open item's deadline at once: the
 * queue's order kept with the items ({@link #queueKey}) names the deadlines it was computed under
 * ({@link #fingerprint}) and is computed again under new ones before the queue is next read.
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

  /**
   * The queue's order of an item as text, so a store sorts and pages it (CLINICAL §8): urgent flags,
   * then high ones, then the rest ({@link WorkItemKind#rank}); within a rank the earliest deadline,
   * then the earliest opened; the item's id makes it unique. Acknowledged items come after the
   * others, which the queue sorts on before this key.
   */
  public String queueKey(WorkItemKind kind, Instant openedAt, UUID itemId) {
    return String.format(Locale.ROOT, "%d-%015d-%015d-%s", kind.rank(),
        deadline(kind, openedAt, 1).toEpochMilli(), openedAt.toEpochMilli(), itemId);
  }

  /** The periods as text, the same for the same deadlines: what a {@link #queueKey} was computed under. */
  public String fingerprint() {
    StringBuilder text = new StringBuilder();
    for (WorkItemKind kind : WorkItemKind.values()) {
      text.append(kind.name()).append('=').append(periods.get(kind)).append(';');
    }
    return text.toString();
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
