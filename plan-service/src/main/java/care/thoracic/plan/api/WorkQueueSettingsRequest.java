package care.thoracic.plan.api;

import care.thoracic.contracts.clinical.WorkItemKind;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * A clinic's acknowledgement deadlines, as ISO-8601 durations per kind of work item, each between one
 * minute and 30 days (strings: a bare number is not a duration), at least one. Replaces what the
 * clinic set before; a kind left out follows the default.
 */
public record WorkQueueSettingsRequest(@NotNull @Size(min = 1) Map<WorkItemKind, String> deadlines) {}
