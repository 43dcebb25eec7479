package care.thoracic.contracts.events;

import care.thoracic.contracts.clinical.WorkItemKind;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A clinic admin set the clinic's work-queue acknowledgement deadlines (CLINICAL §8): an ISO-8601
 * duration for each kind the clinic sets itself, each kind at most once; a kind left out follows
 * the platform's default. It replaces the clinic's earlier setting.
 */
public record WorkQueueDeadlinesSet(List<Deadline> deadlines, String reason) implements ClinicEvent {
  public static final int MAX_REASON_LENGTH = 500;

  /** One kind's deadline, as an ISO-8601 duration ({@code PT15M}). */
  public record Deadline(WorkItemKind kind, String period) {
    public Deadline {
      Objects.requireNonNull(kind, "deadlines.kind is required");
      Objects.requireNonNull(period, "deadlines.period is required");
      try {
        Duration.parse(period);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("deadlines." + kind + " must be an ISO-8601 duration");
      }
    }
  }

  public WorkQueueDeadlinesSet {
    deadlines = List.copyOf(Objects.requireNonNull(deadlines, "deadlines is required"));
    if (deadlines.stream().map(Deadline::kind).distinct().count() != deadlines.size()) {
      throw new IllegalArgumentException("deadlines must name each kind at most once");
    }
    Objects.requireNonNull(reason, "reason is required");
    if (reason.isBlank() || reason.length() > MAX_REASON_LENGTH) {
      throw new IllegalArgumentException("reason must be 1 to " + MAX_REASON_LENGTH + " characters");
    }
  }

  /** The deadlines by kind. */
  public Map<WorkItemKind, Duration> periods() {
    Map<WorkItemKind, Duration> periods = new EnumMap<>(WorkItemKind.class);
    deadlines.forEach(deadline -> periods.put(deadline.kind(), Duration.parse(deadline.period())));
    return periods;
  }
}
