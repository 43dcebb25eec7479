package care.thoracic.web.pages;

import com.fasterxml.jackson.databind.JsonNode;

/** A service's local time (e.g. {@code 21:00:00}) as a time field shows it ({@code 21:00}); empty when none. */
public final class HourMinute {
  private HourMinute() {}

  public static String of(JsonNode time) {
    String text = time.asText("");
    return text.length() >= 5 ? text.substring(0, 5) : text;
  }
}
