package care.thoracic.reminder.api;

import care.thoracic.contracts.Nullable;
import care.thoracic.reminder.domain.QuietHours;
import care.thoracic.reminder.store.ClinicQuietHours;
import java.time.Instant;
import java.time.LocalTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The quiet hours the clinic's patients get unless they chose their own, and who set them, when and why. */
@Schema(examples = "{\"start\": \"21:00:00\", \"end\": \"08:00:00\", \"setByClinic\": true, \"platformStart\": "
    + "\"22:00:00\", \"platformEnd\": \"07:00:00\", \"setBy\": \"admin-1\", \"setAt\": \"2026-12-01T09:15:30Z\", "
    + "\"reason\": \"Most of our patients are early risers.\"}")
public record QuietHoursSettingView(
    @Schema(description = "Start of the quiet hours in force, local to each patient") LocalTime start,
    LocalTime end,
    @Schema(description = "Whether the clinic set them; false: the platform's default") boolean setByClinic,
    LocalTime platformStart,
    LocalTime platformEnd,
    @Nullable String setBy,
    @Nullable Instant setAt,
    @Nullable String reason) {

  static QuietHoursSettingView of(ClinicQuietHours.Setting setting, QuietHours platform) {
    QuietHours inForce = setting.chosen() == null ? platform : setting.chosen();
    return new QuietHoursSettingView(inForce.start(), inForce.end(), setting.chosen() != null, platform.start(),
        platform.end(), setting.setBy(), setting.setAt(), setting.reason());
  }
}
