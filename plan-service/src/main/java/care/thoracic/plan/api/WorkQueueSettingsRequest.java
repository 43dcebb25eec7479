package care.thoracic.plan.api;

import care.thoracic.contracts.clinical.WorkItemKind;
import care.thoracic.contracts.events.WorkQueueDeadlinesSet;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A clinic's acknowledgement deadlines, as ISO-8601 durations per kind of work item, each between one
 * minute and 30 days (strings: a bare number is not a duration), at least one. Replaces what the
 * clinic set before; a kind left out follows the default.
 */
public record WorkQueueSettingsRequest(@NotNull @Size(min = 1) Map<WorkItemKind, String> deadlines,
    @NotBlank @Size(max = WorkQueueDeadlinesSet.MAX_REASON_LENGTH)
    @Schema(description = "Why: recorded with who set them", example = "Two clinicians on call from December.")
    String reason) {}
