package care.thoracic.reminder.domain;

import care.thoracic.contracts.Nullable;
import java.time.LocalTime;

/**
 * What a patient chose: when they like to exercise and when they must not be disturbed. Absent
 * choices fall back on the rules' defaults (18:00; 22:00-07:00).
 */
public record ReminderPreferences(@Nullable LocalTime exerciseAt, @Nullable QuietHours quietHours) {
  public static final ReminderPreferences DEFAULTS = new ReminderPreferences(null, null);

  LocalTime exerciseAt(ReminderRules rules) {
    return exerciseAt == null ? rules.defaultExerciseAt() : exerciseAt;
  }

  QuietHours quietHours(ReminderRules rules) {
    return quietHours == null ? rules.defaultQuietHours() : quietHours;
  }
}
