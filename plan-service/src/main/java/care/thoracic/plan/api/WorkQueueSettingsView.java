package care.thoracic.plan.api;

import care.thoracic.contracts.Nullable;
import care.thoracic.contracts.clinical.WorkItemKind;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The deadlines that apply to the clinic's work queue as ISO-8601 durations, which of them the clinic
 * set itself (the others are the platform's defaults), and who changed them last, when and why.
 */
public record WorkQueueSettingsView(Map<WorkItemKind, String> deadlines, Set<WorkItemKind> setByClinic,
    Map<WorkItemKind, String> defaults, String updatedBy, Instant updatedAt,
    @Nullable @Schema(description = "Why they were set (none for a setting made before settings were events)")
    String reason) {

  static Map<WorkItemKind, String> iso(Map<WorkItemKind, Duration> periods) {
    Map<WorkItemKind, String> iso = new EnumMap<>(WorkItemKind.class);
    periods.forEach((kind, period) -> iso.put(kind, period.toString()));
    return iso;
  }
}
