package care.thoracic.web.console;

import care.thoracic.web.pages.TodayActivity;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A patient's plan as the console shows it. {@code version} is what a decision is taken on: sent back
 * as {@code If-Match}, so that a decision on a plan someone else changed meanwhile is refused, not applied.
 */
public record PlanPage(String planId, String patientId, String status, String phase, String variant,
    int baselinePain, String startedOn, String nextReviewOn, long version, List<TodayActivity> today,
    List<TimelineRow> timeline, List<PlanDecision> decisions, List<Retriage> retriages) {

  /**
   * The patient answered the intake again while this plan was open (CLINICAL §8): a clinician keeps
   * this plan or replaces it with the one the new triage proposes.
   */
  public record Retriage(String triageId, String category, String disposition, String variant, int baselinePain,
      List<String> reasons) {
    static Retriage of(JsonNode retriage) {
      List<String> reasons = new ArrayList<>();
      retriage.path("reasons").forEach(reason -> reasons.add(reason.asText()));
      return new Retriage(retriage.path("triageId").asText(), retriage.path("category").asText(),
          retriage.path("disposition").asText(), retriage.path("variant").asText(),
          retriage.path("baselinePain").asInt(), reasons);
    }
  }

  static PlanPage of(JsonNode plan, JsonNode today, JsonNode history) {
    List<TimelineRow> timeline = new ArrayList<>();
    history.forEach(entry -> timeline.add(TimelineRow.of(entry)));
    List<Retriage> retriages = new ArrayList<>();
    plan.path("retriages").forEach(retriage -> retriages.add(Retriage.of(retriage)));
    return new PlanPage(plan.path("planId").asText(), plan.path("patientId").asText(), plan.path("status").asText(),
        plan.path("phase").asText(), plan.path("variant").asText(), plan.path("baselinePain").asInt(),
        plan.path("startedOn").asText(""), plan.path("nextReviewOn").asText(""), plan.path("version").asLong(),
        today == null ? List.of() : TodayActivity.of(today), timeline.reversed(), List.of(PlanDecision.values()),
        retriages);
  }
}
