package care.thoracic.web.app;

import care.thoracic.web.backend.ReminderApi;
import care.thoracic.web.backend.ServiceProblem;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The newest entries of the patient's feed (reminder-service numbers them 1, 2, 3 …), newest first,
 * and the number of the newest, from which the page follows the feed live. When reminder-service
 * does not answer, the page shows no news rather than no plan.
 */
public record PatientNews(List<Entry> entries, long head) {
  static final int SHOWN = 5;

  public record Entry(String title, String text, String occurredAt) {}

  static PatientNews latest(ReminderApi reminders, String patientId) {
    try {
      long head = reminders.feed(patientId, 0, 1).path("head").asLong();
      List<Entry> entries = new ArrayList<>();
      reminders.feed(patientId, Math.max(0, head - SHOWN), SHOWN).path("entries").forEach(entry -> entries.add(of(entry)));
      return new PatientNews(entries.reversed(), head);
    } catch (RuntimeException failure) {
      ServiceProblem.of(failure); // rethrows what is not a service's answer
      return new PatientNews(List.of(), 0);
    }
  }

  private static Entry of(JsonNode entry) {
    return new Entry(entry.path("title").asText(), entry.path("text").asText(""),
        entry.path("occurredAt").asText(""));
  }
}
