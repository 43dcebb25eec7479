package care.thoracic.contracts.events;

import care.thoracic.contracts.EnumSets;
import care.thoracic.contracts.Nullable;
import java.time.DayOfWeek;
import java.util.Objects;
import java.util.Set;

/**
 * A clinic admin set the work days an intake of the clinic gets when it names none (CLINICAL §8:
 * work-hour reminders follow them); null: the platform's default, Monday to Friday, again. Intakes
 * already triaged keep theirs.
 */
public record DefaultWorkDaysSet(@Nullable Set<DayOfWeek> days, String reason) implements ClinicEvent {
  public static final int MAX_REASON_LENGTH = 500;

  public DefaultWorkDaysSet {
    if (days != null) {
      if (days.isEmpty()) {
        throw new IllegalArgumentException("days must name at least one day, or be absent");
      }
      days = EnumSets.copyOf(DayOfWeek.class, days);
    }
    Objects.requireNonNull(reason, "reason is required");
    if (reason.isBlank() || reason.length() > MAX_REASON_LENGTH) {
      throw new IllegalArgumentException("reason must be 1 to " + MAX_REASON_LENGTH + " characters");
    }
  }
}
