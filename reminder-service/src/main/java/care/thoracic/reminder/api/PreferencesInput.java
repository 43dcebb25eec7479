package care.thoracic.reminder.api;

import care.thoracic.contracts.clinical.Channel;
import care.thoracic.platform.problem.FieldError;
import care.thoracic.platform.problem.InvalidInputException;
import care.thoracic.reminder.delivery.WebhookTargets;
import care.thoracic.reminder.domain.QuietHours;
import care.thoracic.reminder.domain.ReminderPreferences;
import care.thoracic.reminder.store.PreferencesStore;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A patient's reminder preferences as the app sends them; read strictly (unknown fields are refused). */
@Schema(name = "ReminderPreferences", description = "When and how the patient is reminded. Unknown fields are refused.")
public record PreferencesInput(
    @Schema(description = "Local time for the daily exercise reminder (default 18:00)", example = "07:30")
    LocalTime exerciseAt,
    @Valid @Schema(description = "Local hours without reminders (default: the clinic's, else 22:00-07:00)") QuietHoursInput quietHours,
    @Schema(description = "IANA zone the patient is in now, if not the plan's (travelling)", example = "America/New_York")
    String timezone,
    @NotNull @Schema(description = "INBOX (the app reads them), WEBHOOK (signed POST to webhookUrl) or LOG")
    Channel channel,
    @Schema(description = "http(s) URL receiving reminders; required for WEBHOOK, refused otherwise")
    String webhookUrl) {

  public record QuietHoursInput(@NotNull LocalTime start, @NotNull LocalTime end) {}

  /**
   * The preferences, once the rules Bean Validation cannot express hold; else 400 naming each field.
   *
   * @param clinicSignsWebhooks whether the clinic has a webhook secret: without one every delivery would fail
   */
  PreferencesStore.Stored toPreferences(WebhookTargets targets, boolean clinicSignsWebhooks) {
    List<FieldError> errors = new ArrayList<>();
    QuietHours quiet = null;
    if (quietHours != null) {
      if (quietHours.start().equals(quietHours.end())) {
        errors.add(new FieldError("quietHours.end", "must differ from quietHours.start"));
      } else {
        quiet = new QuietHours(quietHours.start(), quietHours.end());
      }
    }
    ZoneId zone = null;
    if (timezone != null) {
      try {
        zone = ZoneId.of(timezone);
      } catch (DateTimeException e) {
        errors.add(new FieldError("timezone", "must be an IANA zone id such as Europe/Berlin"));
      }
    }
    URI url = null;
    if (channel == Channel.WEBHOOK && !clinicSignsWebhooks) {
      errors.add(new FieldError("channel", "WEBHOOK needs the clinic's webhook secret, and the clinic has none yet: "
          + "a clinic admin sets it first (every reminder would otherwise fail, unsigned)"));
    }
    if (channel == Channel.WEBHOOK && webhookUrl == null) {
      errors.add(new FieldError("webhookUrl", "is required for the WEBHOOK channel"));
    } else if (channel != Channel.WEBHOOK && webhookUrl != null) {
      errors.add(new FieldError("webhookUrl", "is only for the WEBHOOK channel"));
    } else if (webhookUrl != null) {
      url = webhookUrl(targets, errors);
    }
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
    return new PreferencesStore.Stored(new ReminderPreferences(exerciseAt, quiet, zone), channel, url);
  }

  private URI webhookUrl(WebhookTargets targets, List<FieldError> errors) {
    try {
      URI url = new URI(webhookUrl);
      if (!("https".equals(url.getScheme()) || "http".equals(url.getScheme())) || url.getHost() == null) {
        errors.add(new FieldError("webhookUrl", "must be an absolute http or https URL with a host"));
        return null;
      }
      Optional<String> refusal = targets.refusalOf(url);
      if (refusal.isPresent()) {
        errors.add(new FieldError("webhookUrl", refusal.get() + ": reminders are only sent outside the platform"));
        return null;
      }
      return url;
    } catch (URISyntaxException e) {
      errors.add(new FieldError("webhookUrl", "is not a URL: " + e.getReason()));
      return null;
    }
  }
}
