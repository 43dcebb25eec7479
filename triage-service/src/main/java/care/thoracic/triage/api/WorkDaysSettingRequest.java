package care.thoracic.triage.api;

import care.thoracic.contracts.Nullable;
import care.thoracic.contracts.events.DefaultWorkDaysSet;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.DayOfWeek;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The work days the clinic's intakes get when they name none (absent: Monday to Friday again), and why. */
public record WorkDaysSettingRequest(
    @Nullable @Size(min = 1, max = 7)
    @Schema(description = "The days a shift starts on; absent or null: the platform's, Monday to Friday",
        example = "[\"MONDAY\", \"TUESDAY\", \"WEDNESDAY\", \"THURSDAY\", \"FRIDAY\", \"SATURDAY\"]")
    Set<@NotNull DayOfWeek> days,
    @NotBlank @Size(max = DefaultWorkDaysSet.MAX_REASON_LENGTH)
    @Schema(description = "Why: recorded with who set them", example = "Our patients work six days a week.")
    String reason) {}
