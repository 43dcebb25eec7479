package care.thoracic.web.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** One step of a plan's history: what happened, when, by whom, and the reason given. */
public record TimelineRow(long version, String what, Instant at, String actor, String reason) {
  static TimelineRow of(JsonNode entry) {
    JsonNode event = entry.path("event");
    String reason = event.path("reason").asText("");
    if (reason.isEmpty() && event.path("reasons").isArray()) {
      StringBuilder reasons = new StringBuilder();
      event.path("reasons").forEach(each -> reasons.append(reasons.isEmpty() ? "" : "; ").append(each.asText()));
      reason = reasons.toString();
    }
    return new TimelineRow(entry.path("version").asLong(), inWords(entry.path("type").asText()),
        Instant.parse(entry.path("occurredAt").asText()), actorInWords(entry.path("actor").asText()), reason);
  }

  /** To the minute, in UTC, until the page's script shows it in the reader's own time zone. */
  public String atInWords() {
    return AT_IN_WORDS.format(at);
  }

  private static final java.time.format.DateTimeFormatter AT_IN_WORDS =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);

  /** {@code user:dr-north} as "dr-north"; {@code service:plan-service} as "the platform (plan-service)". */
  private static String actorInWords(String actor) {
    if (actor.startsWith("user:")) {
      return actor.substring("user:".length());
    }
    return actor.startsWith("service:") ? "the platform (" + actor.substring("service:".length()) + ")" : actor;
  }

  /** {@code care.plan.phase-advanced.v1} as "phase advanced". */
  private static String inWords(String type) {
    String[] parts = type.split("\\.");
    String name = parts.length >= 2 ? parts[parts.length - 2] : type;
    return name.replace('-', ' ');
  }
}
