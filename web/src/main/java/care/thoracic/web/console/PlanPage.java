package care.thoracic.web.console;

import care.thoracic.web.pages.TodayActivity;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A patient's plan as the console shows it. {@code version} is what a decision is taken on: sent back
 * as {@code If-Match}, so that a decision on a plan someone else changed meanwhile is refused, not applied.
 */
public record PlanPage(String planId, String patientId, String status, String phase, String variant,
    int baselinePain, String startedOn, String nextReviewOn, long version, List<TodayActivity> today,
    List<TimelineRow> timeline, List<PlanDecision> decisions) {

  static PlanPage of(JsonNode plan, JsonNode today, JsonNode history) {
    List<TimelineRow> timeline = new java.util.ArrayList<>();
    history.forEach(entry -> timeline.add(TimelineRow.of(entry)));
    return new PlanPage(plan.path("planId").asText(), plan.path("patientId").asText(), plan.path("status").asText(),
        plan.path("phase").asText(), plan.path("variant").asText(), plan.path("baselinePain").asInt(),
        plan.path("startedOn").asText(""), plan.path("nextReviewOn").asText(""), plan.path("version").asLong(),
        today == null ? List.of() : TodayActivity.of(today), timeline.reversed(), List.of(PlanDecision.values()));
  }
}
