package care.thoracic.web.pages;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One of today's activities with its dosage in words, as the patient and the clinician read it, and
 * as a logged exercise: its sets and either its repetitions or how long it is held.
 */
public record TodayActivity(String id, String name, String instructions, String dosage, int sets,
    Integer reps, Integer holdSeconds) {

  public static List<TodayActivity> of(JsonNode today) {
    List<TodayActivity> activities = new ArrayList<>();
    today.path("activities").forEach(activity -> {
      JsonNode dosage = activity.path("dosage");
      Integer reps = dosage.path("reps").isInt() ? dosage.path("reps").asInt() : null;
      Integer hold = null;
      if (dosage.path("holdSeconds").isInt()) {
        hold = dosage.path("holdSeconds").asInt();
      } else if (dosage.path("minutes").isInt()) {
        hold = Math.min(600, dosage.path("minutes").asInt() * 60); // a logged hold is at most 10 minutes
      }
      activities.add(new TodayActivity(activity.path("id").asText(), activity.path("name").asText(),
          activity.path("instructions").asText(""), dosageInWords(dosage), dosage.path("sets").asInt(1),
          reps == null && hold == null ? Integer.valueOf(1) : reps, reps == null ? hold : null));
    });
    return activities;
  }

  /** e.g. "3 sets of 10-12, hold 5 s, twice a day". */
  static String dosageInWords(JsonNode dosage) {
    List<String> parts = new ArrayList<>();
    String reps = range(dosage, "reps", "repsMax", "");
    if (dosage.path("sets").isInt()) {
      parts.add(dosage.path("sets").asInt() + " sets" + (reps.isEmpty() ? "" : " of " + reps));
    } else if (!reps.isEmpty()) {
      parts.add(reps + " times");
    }
    String hold = range(dosage, "holdSeconds", "holdSecondsMax", " s");
    if (!hold.isEmpty()) {
      parts.add("hold " + hold);
    }
    String minutes = range(dosage, "minutes", "minutesMax", " min");
    if (!minutes.isEmpty()) {
      parts.add(minutes);
    }
    if (dosage.path("each").isTextual()) {
      parts.add("each " + dosage.path("each").asText());
    }
    if (dosage.path("frequency").isTextual()) {
      parts.add(dosage.path("frequency").asText());
    }
    return String.join(", ", parts);
  }

  private static String range(JsonNode dosage, String least, String most, String unit) {
    if (!dosage.path(least).isInt()) {
      return "";
    }
    return dosage.path(least).asInt() + (dosage.path(most).isInt() ? "-" + dosage.path(most).asInt() : "") + unit;
  }

  /** The day's education, each a topic and its text. */
  public record Education(String topic, String text) {
    public static List<Education> of(JsonNode today) {
      List<Education> items = new ArrayList<>();
      today.path("education").forEach(item -> items.add(new Education(item.path("topic").asText(),
          item.path("text").asText())));
      return items;
    }
  }
}
