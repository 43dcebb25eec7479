package care.thoracic.reminder.api;

import care.thoracic.platform.problem.FieldError;
import care.thoracic.platform.problem.InvalidInputException;
import care.thoracic.reminder.delivery.WebhookTargets;
import care.thoracic.reminder.domain.PushKeys;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A browser's PushSubscription as {@code subscription.toJSON()} gives it; read strictly (unknown fields refused). */
@Schema(name = "PushSubscription", description = "The browser's PushSubscription, as subscription.toJSON() gives it. "
    + "Unknown fields are refused.")
public record PushSubscriptionInput(
    @NotNull @Schema(description = "The push service's URL for this browser: https, at most 1024 characters",
        example = "https://fcm.googleapis.com/fcm/send/dpH5lCsTSSM:APA91bHqjZxM0VImWWqDRN7U0a3AycjUf4O-byuxb_wJsKRaKvV")
    String endpoint,
    @Schema(description = "When the browser ends the subscription (ms since the epoch), or null; not used: a push "
        + "after it is answered 404 or 410 and the subscription removed", nullable = true, example = "null")
    Long expirationTime,
    @NotNull @Valid @Schema(description = "The browser's keys the messages are encrypted to (RFC 8291)") Keys keys) {

  /** The longest endpoint taken: push services' are a few hundred characters. */
  static final int MAX_ENDPOINT = 1024;

  public record Keys(
      @NotNull @Schema(description = "The browser's P-256 public key: the 65-byte uncompressed point, base64url",
          example = "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM")
      String p256dh,
      @NotNull @Schema(description = "The browser's 16-byte authentication secret, base64url",
          example = "tBHItJI5svbpez7KI4CCXg") String auth) {}

  /** A subscription that passed every rule. */
  record Checked(URI endpoint, String p256dh, String auth) {}

  /**
   * The subscription, once the rules Bean Validation cannot express hold; else 400 naming each
   * field. The endpoint is judged as webhooks are: never the platform's own hosts, never
   * internal networks unless the deployment allows them (the tests).
   */
  Checked validate(WebhookTargets targets, boolean allowHttp) {
    List<FieldError> errors = new ArrayList<>();
    URI url = endpoint(targets, allowHttp, errors);
    if (expirationTime != null && expirationTime < 0) {
      errors.add(new FieldError("expirationTime", "must be null or a time in ms since the epoch"));
    }
    PushKeys.refusalOfP256dh(keys.p256dh()).ifPresent(why -> errors.add(new FieldError("keys.p256dh", why)));
    PushKeys.refusalOfAuth(keys.auth()).ifPresent(why -> errors.add(new FieldError("keys.auth", why)));
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
    return new Checked(url, keys.p256dh(), keys.auth());
  }

  private URI endpoint(WebhookTargets targets, boolean allowHttp, List<FieldError> errors) {
    if (endpoint.length() > MAX_ENDPOINT) {
      errors.add(new FieldError("endpoint", "must be at most " + MAX_ENDPOINT + " characters, not "
          + endpoint.length()));
      return null;
    }
    URI url;
    try {
      url = new URI(endpoint);
    } catch (URISyntaxException e) {
      errors.add(new FieldError("endpoint", "is not a URL: " + e.getReason()));
      return null;
    }
    boolean https = "https".equals(url.getScheme());
    if (!(https || (allowHttp && "http".equals(url.getScheme()))) || url.getHost() == null) {
      errors.add(new FieldError("endpoint", "must be an absolute https URL with a host (a push service's)"));
      return null;
    }
    Optional<String> refusal = targets.refusalOf(url);
    if (refusal.isPresent()) {
      errors.add(new FieldError("endpoint", refusal.get() + ": pushes only go to push services outside the platform"));
      return null;
    }
    return url;
  }
}
