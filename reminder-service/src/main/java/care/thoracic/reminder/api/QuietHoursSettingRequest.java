package care.thoracic.reminder.api;

import care.thoracic.contracts.Nullable;
import care.thoracic.contracts.events.DefaultQuietHoursSet;
import care.thoracic.platform.problem.FieldError;
import care.thoracic.platform.problem.InvalidInputException;
import care.thoracic.reminder.domain.QuietHours;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.LocalTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The quiet hours of the clinic's patients who chose none (both absent: the platform's again), and why. */
public record QuietHoursSettingRequest(
    @Nullable @Schema(description = "Local time the quiet hours start; absent together with end: the platform's "
        + "default", example = "21:00") LocalTime start,
    @Nullable @Schema(description = "Local time they end (before start: the next morning)", example = "08:00")
    LocalTime end,
    @NotBlank @Size(max = DefaultQuietHoursSet.MAX_REASON_LENGTH)
    @Schema(description = "Why: recorded with who set them", example = "Most of our patients are early risers.")
    String reason) {

  /** The quiet hours chosen, null for the platform's; else 400 naming the field. */
  @Nullable QuietHours chosen() {
    if (start == null && end == null) {
      return null;
    }
    if (start == null || end == null) {
      throw new InvalidInputException(List.of(new FieldError(start == null ? "start" : "end",
          "is required with " + (start == null ? "end" : "start") + "; leave both out for the platform's default")));
    }
    if (start.equals(end)) {
      throw new InvalidInputException(List.of(new FieldError("end", "must differ from start")));
    }
    return new QuietHours(start, end);
  }
}
