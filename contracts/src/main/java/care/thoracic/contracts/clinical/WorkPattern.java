package care.thoracic.contracts.clinical;

import java.time.LocalTime;
import java.util.Objects;

/**
 * The patient's working day, in their local time; drives micro-break and standing-break reminders.
 * A night shift has {@code workEnd} before {@code workStart} and ends the next day.
 */
public record WorkPattern(int deskHoursPerDay, LocalTime workStart, LocalTime workEnd, boolean standingDesk) {
  public WorkPattern {
    if (deskHoursPerDay < 0 || deskHoursPerDay > 24) {
      throw new IllegalArgumentException("work.deskHoursPerDay must be between 0 and 24");
    }
    Objects.requireNonNull(workStart, "work.workStart is required");
    Objects.requireNonNull(workEnd, "work.workEnd is required");
    if (workStart.equals(workEnd)) {
      throw new IllegalArgumentException("work.workEnd must differ from work.workStart");
    }
  }

  public boolean deskWorker() {
    return deskHoursPerDay > 0;
  }

  public boolean overnight() {
    return workEnd.isBefore(workStart);
  }
}
