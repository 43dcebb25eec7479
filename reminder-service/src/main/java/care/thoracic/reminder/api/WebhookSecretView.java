package care.thoracic.reminder.api;

import care.thoracic.contracts.Nullable;
import care.thoracic.reminder.delivery.WebhookSigningSecrets;
import care.thoracic.reminder.store.WebhookSecretSettings;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Whether the clinic signs its webhooks, with which secret (its fingerprint only) and who set it. */
@Schema(examples = "{\"set\": true, \"source\": \"CLINIC\", \"fingerprint\": \"9f86d081884c7d65\", "
    + "\"setBy\": \"admin-1\", \"setAt\": \"2026-12-01T09:15:30.456Z\", \"reason\": \"Yearly rotation.\"}")
public record WebhookSecretView(
    boolean set,
    @Nullable @Schema(description = "CLINIC (set by its admins here) or DEPLOYMENT (configured by the operators)")
    WebhookSigningSecrets.Source source,
    @Nullable @Schema(description = "The first 16 hex digits of the secret's SHA-256") String fingerprint,
    @Nullable String setBy,
    @Nullable Instant setAt,
    @Nullable String reason) {

  static WebhookSecretView of(Optional<WebhookSigningSecrets.Signing> signing) {
    if (signing.isEmpty()) {
      return new WebhookSecretView(false, null, null, null, null, null);
    }
    WebhookSigningSecrets.Signing inForce = signing.get();
    String fingerprint = WebhookSecretSettings.fingerprint(inForce.secret());
    var setting = inForce.setting();
    return setting == null ? new WebhookSecretView(true, inForce.source(), fingerprint, null, null, null)
        : new WebhookSecretView(true, inForce.source(), fingerprint, setting.metadata().actor().id(),
            setting.metadata().occurredAt(), setting.event().reason());
  }
}
