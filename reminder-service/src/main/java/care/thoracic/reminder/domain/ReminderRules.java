package care.thoracic.reminder.domain;

import care.thoracic.contracts.clinical.ReminderKind;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The numbers of CLINICAL.md §7 as versioned data; {@link ReminderSchedule} applies them. Named in
 * every reminder's reasons, so a clinician can tell which rules planned it.
 *
 * @param movableKinds kinds still worth sending at the end of quiet hours; the others (hourly
 *     breaks, ice on its own cadence) are dropped when they fall inside
 */
public record ReminderRules(
    String version,
    Duration iceEvery,
    int acuteDays,
    List<LocalTime> breathingAt,
    Duration microBreakEvery,
    Duration standingBreakEvery,
    LocalTime defaultExerciseAt,
    DayOfWeek weeklyFocusOn,
    LocalTime weeklyFocusAt,
    List<String> maintenanceFocus,
    QuietHours defaultQuietHours,
    Set<ReminderKind> movableKinds) {

  /** {@code reminder-rules-2026.11}: CLINICAL.md §7 with protocol thoracic-v1. */
  public static final ReminderRules CURRENT = new ReminderRules(
      "reminder-rules-2026.11",
      Duration.ofMinutes(150), // ice every 2-3 h while awake: 2.5 h
      3, // ACUTE lasts until 72 h after onset: to the end of the onset day + 2, as plan-service counts it
      List.of(LocalTime.of(9, 0), LocalTime.of(19, 0)),
      Duration.ofHours(1),
      Duration.ofMinutes(45), // "every 30-45 min", starting gently
      LocalTime.of(18, 0),
      DayOfWeek.MONDAY,
      LocalTime.of(9, 0),
      List.of("mobility", "strength", "function", "assess"),
      new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0)),
      Set.of(ReminderKind.EXERCISE, ReminderKind.BREATHING, ReminderKind.WEEKLY_FOCUS, ReminderKind.ASSESSMENT));

  public ReminderRules {
    Objects.requireNonNull(version, "version is required");
    breathingAt = List.copyOf(breathingAt);
    maintenanceFocus = List.copyOf(maintenanceFocus);
    movableKinds = Set.copyOf(movableKinds);
    if (maintenanceFocus.size() != 4) {
      throw new IllegalArgumentException("the maintenance cycle has four weeks");
    }
  }
}
