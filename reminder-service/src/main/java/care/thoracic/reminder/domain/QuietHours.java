package care.thoracic.reminder.domain;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Objects;

/**
 * Local hours in which no reminder is sent: {@code [start, end)}, across midnight when {@code end}
 * comes before {@code start} (the usual night), within one day otherwise (a night-shift worker's
 * sleep by day).
 */
public record QuietHours(LocalTime start, LocalTime end) {
  public QuietHours {
    Objects.requireNonNull(start, "quietHours.start is required");
    Objects.requireNonNull(end, "quietHours.end is required");
    if (start.equals(end)) {
      throw new IllegalArgumentException("quietHours.end must differ from quietHours.start");
    }
  }

  public boolean contains(LocalTime time) {
    return overnight() ? !time.isBefore(start) || time.isBefore(end) : !time.isBefore(start) && time.isBefore(end);
  }

  /** The end of the quiet period that {@code moment} falls in (call only for a moment inside). */
  public LocalDateTime endAfter(LocalDateTime moment) {
    LocalDateTime sameDay = moment.toLocalDate().atTime(end);
    return sameDay.isAfter(moment) ? sameDay : sameDay.plusDays(1);
  }

  boolean overnight() {
    return end.isBefore(start);
  }

  @Override
  public String toString() {
    return start + "-" + end;
  }
}
