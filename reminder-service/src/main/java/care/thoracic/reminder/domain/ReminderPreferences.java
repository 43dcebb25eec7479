package care.thoracic.reminder.domain;

import care.thoracic.contracts.Nullable;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * What a patient chose for their reminders: when they like to exercise, when they must not be
 * disturbed, and the zone they are in now if not the one their plan started in (travelling).
 * Absent choices fall back on the clinic's quiet hours ({@link #orClinicQuietHours}), the rules'
 * defaults (18:00; 22:00-07:00) and the plan's zone.
 */
public record ReminderPreferences(@Nullable LocalTime exerciseAt, @Nullable QuietHours quietHours,
    @Nullable ZoneId timezone) {
  public static final ReminderPreferences DEFAULTS = new ReminderPreferences(null, null, null);

  /** These preferences, with the clinic's quiet hours if the patient chose none (null: the clinic set none). */
  public ReminderPreferences orClinicQuietHours(@Nullable QuietHours clinicQuietHours) {
    return quietHours != null || clinicQuietHours == null ? this
        : new ReminderPreferences(exerciseAt, clinicQuietHours, timezone);
  }

  LocalTime exerciseAt(ReminderRules rules) {
    return exerciseAt == null ? rules.defaultExerciseAt() : exerciseAt;
  }

  QuietHours quietHours(ReminderRules rules) {
    return quietHours == null ? rules.defaultQuietHours() : quietHours;
  }

  ZoneId zone(ScheduledPlan plan) {
    return timezone == null ? plan.timezone() : timezone;
  }
}
