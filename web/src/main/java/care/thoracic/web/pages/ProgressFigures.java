package care.thoracic.web.pages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;

/**
 * A plan's progress as its charts draw it, from progress-service's report: each day's 7-day mean pain
 * (days as Unix seconds, as uPlot reads them) against the baseline and the line under which the
 * improvement is significant, and the adherence of each plan week. The patient's app and the clinic's
 * console draw the same figures.
 */
public final class ProgressFigures {
  private ProgressFigures() {}

  public static ObjectNode of(JsonNode report) {
    ObjectNode figures = JsonNodeFactory.instance.objectNode();
    ArrayNode days = figures.putArray("days");
    ArrayNode means = figures.putArray("meanPain7d");
    report.path("painSeries").forEach(point -> {
      days.add(LocalDate.parse(point.path("day").asText()).toEpochDay() * 86_400);
      means.add(point.path("meanPain7d").asDouble());
    });
    figures.put("baselinePain", report.path("baselinePain").asInt());
    figures.put("improvementLine", report.path("improvementLine").asDouble());
    figures.put("sessionsLogged", report.path("sessionsLogged").asInt());
    figures.set("adherence", report.path("adherence"));
    ArrayNode weeks = figures.putArray("weeks");
    ArrayNode weekly = figures.putArray("weeklyAdherencePercent");
    report.path("weeks").forEach(week -> {
      weeks.add(weeks.size() + 1);
      JsonNode adherence = week.path("adherence");
      if (adherence.isObject()) {
        weekly.add(adherence.path("percent").asInt());
      } else {
        weekly.addNull();
      }
    });
    return figures;
  }
}
