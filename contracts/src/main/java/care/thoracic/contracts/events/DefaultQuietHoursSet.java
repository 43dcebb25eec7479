package care.thoracic.contracts.events;

import care.thoracic.contracts.Nullable;
import java.time.LocalTime;
import java.util.Objects;

/**
 * A clinic admin set the quiet hours of the clinic's patients who chose none ({@code [start, end)},
 * local to each patient, across midnight when {@code end} comes first); both null: the platform's
 * default (CLINICAL §7) again. A patient's own quiet hours always win.
 */
public record DefaultQuietHoursSet(@Nullable LocalTime start, @Nullable LocalTime end, String reason)
    implements ClinicEvent {
  public static final int MAX_REASON_LENGTH = 500;

  public DefaultQuietHoursSet {
    if ((start == null) != (end == null)) {
      throw new IllegalArgumentException("start and end are set together, or neither");
    }
    if (start != null && start.equals(end)) {
      throw new IllegalArgumentException("end must differ from start");
    }
    Objects.requireNonNull(reason, "reason is required");
    if (reason.isBlank() || reason.length() > MAX_REASON_LENGTH) {
      throw new IllegalArgumentException("reason must be 1 to " + MAX_REASON_LENGTH + " characters");
    }
  }
}
