package care.thoracic.web.console;

import care.thoracic.web.pages.HourMinute;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The clinic's settings as its admins change them, each from the service that owns it: the work
 * queue's deadlines and the protocol version of new plans (plan-service), the work days of intakes
 * that name none (triage-service), and the quiet hours of patients who chose none (reminder-service).
 * Each says whether the clinic set it, or follows the platform, and who set it last, when and why.
 */
public record ClinicSettingsPage(List<Deadline> deadlines, Changed deadlinesChanged, String protocolInForce,
    String protocolPinned, String protocolCurrent, List<String> protocols, Changed protocolChanged, List<Day> days,
    String platformDays, Changed daysChanged, String quietStart, String quietEnd, boolean quietSetByClinic,
    String platformQuietHours, Changed quietChanged) {

  /** A deadline to acknowledge a kind of work item, as an amount of a unit (minutes, hours or days). */
  public record Deadline(String kind, String label, long amount, String unit, boolean setByClinic,
      String platformDefault) {}

  public record Day(String value, String label, boolean chosen) {}

  /** Who changed a setting last, when and why; {@code who} empty when nobody did. */
  public record Changed(String who, String at, String why) {
    static Changed of(JsonNode setting, String whoField, String atField) {
      return new Changed(setting.path(whoField).asText(""), setting.path(atField).asText(""),
          setting.path("reason").asText(""));
    }
  }

  public static final List<String> UNITS = List.of("minutes", "hours", "days");

  static ClinicSettingsPage of(JsonNode workQueue, JsonNode protocol, JsonNode workDays, JsonNode quietHours) {
    List<Deadline> deadlines = new ArrayList<>();
    List<String> byClinic = new ArrayList<>();
    workQueue.path("setByClinic").forEach(kind -> byClinic.add(kind.asText()));
    workQueue.path("deadlines").properties().forEach(entry -> {
      Duration period = Duration.parse(entry.getValue().asText());
      String unit = unitOf(period);
      deadlines.add(new Deadline(entry.getKey(), QueueRow.inWords(entry.getKey()), amountIn(period, unit), unit,
          byClinic.contains(entry.getKey()), inWords(Duration.parse(workQueue.path("defaults").path(entry.getKey())
              .asText(entry.getValue().asText())))));
    });
    List<String> available = new ArrayList<>();
    protocol.path("available").forEach(version -> available.add(version.asText()));
    List<String> chosenDays = new ArrayList<>();
    workDays.path("days").forEach(day -> chosenDays.add(day.asText()));
    boolean daysByClinic = workDays.path("setByClinic").asBoolean();
    List<Day> days = new ArrayList<>();
    for (DayOfWeek day : DayOfWeek.values()) {
      days.add(new Day(day.name(), day.getDisplayName(TextStyle.FULL, Locale.ENGLISH),
          daysByClinic && chosenDays.contains(day.name())));
    }
    List<String> platformDays = new ArrayList<>();
    workDays.path("platformDays").forEach(day -> platformDays.add(
        DayOfWeek.valueOf(day.asText()).getDisplayName(TextStyle.SHORT, Locale.ENGLISH)));
    boolean quietByClinic = quietHours.path("setByClinic").asBoolean();
    return new ClinicSettingsPage(deadlines, Changed.of(workQueue, "updatedBy", "updatedAt"),
        protocol.path("inForce").asText(), protocol.path("pinned").asText(""), protocol.path("current").asText(),
        available, Changed.of(protocol, "setBy", "setAt"), days, String.join(", ", platformDays),
        Changed.of(workDays, "setBy", "setAt"), quietByClinic ? HourMinute.of(quietHours.path("start")) : "",
        quietByClinic ? HourMinute.of(quietHours.path("end")) : "", quietByClinic,
        HourMinute.of(quietHours.path("platformStart")) + "–" + HourMinute.of(quietHours.path("platformEnd")),
        Changed.of(quietHours, "setBy", "setAt"));
  }

  /** The days in force in words, e.g. "Mon, Tue, Wed, Thu, Fri" (the platform's when the clinic chose none). */
  public String daysInForce() {
    List<String> chosen = days.stream().filter(Day::chosen).map(day -> day.label().substring(0, 3)).toList();
    return chosen.isEmpty() ? platformDays + " (the platform's)" : String.join(", ", chosen);
  }

  static long amountIn(Duration period, String unit) {
    return switch (unit) {
      case "days" -> period.toDays();
      case "hours" -> period.toHours();
      default -> period.toMinutes();
    };
  }

  /** The largest unit a period is a whole number of. */
  static String unitOf(Duration period) {
    return period.toMinutes() % (24 * 60) == 0 ? "days" : period.toMinutes() % 60 == 0 ? "hours" : "minutes";
  }

  /** e.g. PT15M as "15 minutes", P1D as "1 day". */
  static String inWords(Duration period) {
    String unit = unitOf(period);
    long amount = amountIn(period, unit);
    return amount + " " + (amount == 1 ? unit.substring(0, unit.length() - 1) : unit);
  }

  /** The ISO-8601 duration of an amount of a unit, e.g. 15 minutes as PT15M. */
  static String iso(long amount, String unit) {
    return switch (unit) {
      case "days" -> "P" + amount + "D";
      case "hours" -> "PT" + amount + "H";
      default -> "PT" + amount + "M";
    };
  }
}
