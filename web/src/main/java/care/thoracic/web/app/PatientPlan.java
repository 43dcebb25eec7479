package care.thoracic.web.app;

import care.thoracic.web.pages.TodayActivity;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The patient's plan as the app shows it: its state and, while it runs, today in the patient's zone. */
public record PatientPlan(String planId, String status, String phase, String date, List<TodayActivity> today,
    List<TodayActivity.Education> education) {

  static PatientPlan of(JsonNode plan, JsonNode today) {
    return new PatientPlan(plan.path("planId").asText(), plan.path("status").asText(), plan.path("phase").asText(),
        today == null ? "" : today.path("date").asText(), today == null ? List.of() : TodayActivity.of(today),
        today == null ? List.of() : TodayActivity.Education.of(today));
  }

  public boolean active() {
    return status.equals("ACTIVE");
  }

  /** The status in the patient's words. */
  public String statusInWords() {
    return switch (status) {
      case "ACTIVE" -> "running";
      case "AWAITING_APPROVAL" -> "waiting for your clinician to approve it";
      case "SUSPENDED" -> "paused by your clinic";
      case "COMPLETED" -> "completed";
      default -> status.toLowerCase().replace('_', ' ');
    };
  }

  public String phaseInWords() {
    return phase.isEmpty() ? "" : phase.charAt(0) + phase.substring(1).toLowerCase();
  }
}
