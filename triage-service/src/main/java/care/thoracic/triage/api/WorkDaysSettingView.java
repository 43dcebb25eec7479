package care.thoracic.triage.api;

import care.thoracic.contracts.Nullable;
import care.thoracic.contracts.clinical.WorkPattern;
import care.thoracic.triage.store.ClinicWorkDays;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The work days the clinic's intakes get when they name none, and who set them, when and why. */
@Schema(examples = "{\"days\": [\"MONDAY\", \"TUESDAY\", \"WEDNESDAY\", \"THURSDAY\", \"FRIDAY\", \"SATURDAY\"], "
    + "\"setByClinic\": true, \"platformDays\": [\"MONDAY\", \"TUESDAY\", \"WEDNESDAY\", \"THURSDAY\", \"FRIDAY\"], "
    + "\"setBy\": \"admin-1\", \"setAt\": \"2026-12-01T09:15:30Z\", \"reason\": \"Our patients work six days a week.\"}")
public record WorkDaysSettingView(
    @Schema(description = "The days in force") Set<DayOfWeek> days,
    @Schema(description = "Whether the clinic set them; false: the platform's default") boolean setByClinic,
    Set<DayOfWeek> platformDays,
    @Nullable String setBy,
    @Nullable Instant setAt,
    @Nullable String reason) {

  static WorkDaysSettingView of(ClinicWorkDays.Setting setting) {
    return new WorkDaysSettingView(setting.inForce(), setting.chosen() != null, WorkPattern.WEEKDAYS, setting.setBy(),
        setting.setAt(), setting.reason());
  }
}
