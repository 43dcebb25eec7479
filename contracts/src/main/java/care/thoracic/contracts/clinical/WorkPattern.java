package care.thoracic.contracts.clinical;

import care.thoracic.contracts.EnumSets;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The patient's working day, in their local time; drives micro-break and standing-break reminders,
 * on the patient's work days only (CLINICAL §8). A night shift has {@code workEnd} before
 * {@code workStart} and ends the next day; its work day is the day it starts.
 *
 * <p>{@code days} was added on 2026-11-30: events and documents written before have none, and read
 * as Monday to Friday, the default.
 */
public record WorkPattern(int deskHoursPerDay, LocalTime workStart, LocalTime workEnd, boolean standingDesk,
    Set<DayOfWeek> days) {
  /** Monday to Friday: the work days of a pattern that names none. */
  public static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

  public WorkPattern {
    if (deskHoursPerDay < 0 || deskHoursPerDay > 24) {
      throw new IllegalArgumentException("work.deskHoursPerDay must be between 0 and 24");
    }
    Objects.requireNonNull(workStart, "work.workStart is required");
    Objects.requireNonNull(workEnd, "work.workEnd is required");
    if (workStart.equals(workEnd)) {
      throw new IllegalArgumentException("work.workEnd must differ from work.workStart");
    }
    if (days != null && days.isEmpty()) {
      throw new IllegalArgumentException("work.days must name at least one day");
    }
    days = EnumSets.copyOf(DayOfWeek.class, days == null ? WEEKDAYS : days);
  }

  /** Working Monday to Friday. */
  public WorkPattern(int deskHoursPerDay, LocalTime workStart, LocalTime workEnd, boolean standingDesk) {
    this(deskHoursPerDay, workStart, workEnd, standingDesk, WEEKDAYS);
  }

  public boolean deskWorker() {
    return deskHoursPerDay > 0;
  }

  public boolean overnight() {
    return workEnd.isBefore(workStart);
  }

  /** Whether a shift starts on {@code day}. */
  public boolean worksOn(DayOfWeek day) {
    return days.contains(day);
  }
}
