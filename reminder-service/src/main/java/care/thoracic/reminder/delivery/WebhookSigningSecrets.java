package care.thoracic.reminder.delivery;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.Nullable;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.WebhookSecretSet;
import care.thoracic.reminder.store.WebhookSecretSettings;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The secret a clinic's webhook deliveries are signed with: the one its admins set last through
 * the API; else the one the deployment configures for it ({@code reminders.webhook.secrets}, how
 * secrets were given before clinics could set their own); else none, and a WEBHOOK channel is refused.
 */
@Singleton
public class WebhookSigningSecrets {
  /** Where the secret in force comes from. */
  public enum Source { CLINIC, DEPLOYMENT }

  /** The secret in force, where it comes from, and the setting that made it (for a clinic's own). */
  public record Signing(String secret, Source source, @Nullable EventEnvelope<WebhookSecretSet> setting) {}

  private final WebhookSecretSettings settings;
  private final WebhookConfig config;

  @Inject
  public WebhookSigningSecrets(WebhookSecretSettings settings, WebhookConfig config) {
    this.settings = settings;
    this.config = config;
  }

  public Optional<Signing> of(Tenant clinic) {
    return settings.inForce(clinic).map(set -> new Signing(set.secret(), Source.CLINIC, set.setting()))
        .or(() -> Optional.ofNullable(config.secrets().get(clinic.id()))
            .map(configured -> new Signing(configured, Source.DEPLOYMENT, null)));
  }

  public Optional<String> secretOf(Tenant clinic) {
    return of(clinic).map(Signing::secret);
  }
}
