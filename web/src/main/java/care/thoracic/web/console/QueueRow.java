package care.thoracic.web.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One work-queue item as the console lists it. */
public record QueueRow(String itemId, String kind, boolean urgent, String patientId, String planId,
    List<String> reasons, Instant openedAt, Instant deadline, boolean overdue, String acknowledgedBy,
    int escalations) {

  static QueueRow of(JsonNode item) {
    List<String> reasons = new ArrayList<>();
    item.path("reasons").forEach(reason -> reasons.add(reason.asText()));
    return new QueueRow(item.path("itemId").asText(), item.path("kind").asText(),
        item.path("kind").asText().startsWith("URGENT"), item.path("patientId").asText(),
        item.path("planId").isTextual() ? item.path("planId").asText() : null, reasons,
        Instant.parse(item.path("openedAt").asText()), Instant.parse(item.path("deadline").asText()),
        item.path("overdue").asBoolean(), item.path("acknowledgedBy").isTextual() ? item.path("acknowledgedBy").asText() : null,
        item.path("escalations").asInt());
  }

  /** The kind in words, e.g. {@code URGENT_RED_FLAG} as "Urgent red flag". */
  public String kindInWords() {
    return inWords(kind);
  }

  static String inWords(String kind) {
    String words = kind.replace('_', ' ').toLowerCase(Locale.ROOT);
    return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }
}
