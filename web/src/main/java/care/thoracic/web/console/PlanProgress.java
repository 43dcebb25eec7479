package care.thoracic.web.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A plan's progress as the console's plan page shows it in words beside its charts: the 7-day mean
 * pain against the baseline and the improvement line, adherence overall and per plan week, why the
 * plan is at risk, and its open and resolved flags; or why they are missing ({@link #NOT_YET} until
 * progress-service has read the plan's start, {@link #UNAVAILABLE} while it does not answer).
 */
public record PlanProgress(String missing, String meanPainInWords, String adherenceInWords, List<Week> weeks,
    List<String> riskReasons, List<Flag> openFlags, List<Flag> resolvedFlags) {

  static final PlanProgress NOT_YET = missing("No progress yet: the patient has logged no session on this plan.");
  /** progress-service does not answer: the plan's page still shows the plan and takes decisions. */
  static final PlanProgress UNAVAILABLE = missing("The progress cannot be shown just now (progress-service is not "
      + "answering); the plan and its decisions are not affected. Flags raised meanwhile reach the work queue.");

  private static PlanProgress missing(String why) {
    return new PlanProgress(why, "", "", List.of(), List.of(), List.of(), List.of());
  }

  /** Whether the figures are here; else {@link #missing()} says why not. */
  public boolean known() {
    return missing.isEmpty();
  }

  public record Week(String name, String from, String to, String adherence) {}

  public record Flag(String code, String severity, String recommendation, List<String> reasons) {
    static Flag of(JsonNode flag) {
      List<String> reasons = new ArrayList<>();
      flag.path("reasons").forEach(reason -> reasons.add(reason.asText()));
      return new Flag(flag.path("code").asText(), flag.path("severity").asText(),
          flag.path("recommendation").asText(), reasons);
    }
  }

  static PlanProgress of(JsonNode report) {
    List<Week> weeks = new ArrayList<>();
    report.path("weeks").forEach(week -> weeks.add(new Week(week.path("name").asText(), week.path("from").asText(),
        week.path("to").asText(), percentInWords(week.path("adherence")))));
    List<String> risks = new ArrayList<>();
    report.path("riskReasons").forEach(reason -> risks.add(reason.asText()));
    return new PlanProgress("", meanPainInWords(report), percentInWords(report.path("adherence")), weeks, risks,
        flags(report.path("openFlags")), flags(report.path("resolvedFlags")));
  }

  private static String meanPainInWords(JsonNode report) {
    int baseline = report.path("baselinePain").asInt();
    double line = report.path("improvementLine").asDouble();
    if (!report.path("meanPain7d").isNumber()) {
      return String.format(Locale.ROOT, "No pain scores in the last 7 days. Baseline %d; significant improvement "
          + "at or under %.1f.", baseline, line);
    }
    return String.format(Locale.ROOT, "7-day mean pain %.1f against a baseline of %d (%+.1f points)%s; significant "
        + "improvement at or under %.1f.", report.path("meanPain7d").asDouble(), baseline,
        report.path("changePoints").asDouble(), report.path("significantImprovement").asBoolean()
            ? ", a significant improvement" : "", line);
  }

  private static String percentInWords(JsonNode adherence) {
    return adherence.isObject() ? String.format(Locale.ROOT, "%d%% (%d of %d days)", adherence.path("percent").asInt(),
        adherence.path("daysWithSession").asInt(), adherence.path("daysElapsed").asInt()) : "–";
  }

  private static List<Flag> flags(JsonNode flags) {
    List<Flag> rows = new ArrayList<>();
    flags.forEach(flag -> rows.add(Flag.of(flag)));
    return rows;
  }
}
