package care.thoracic.reminder.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** Webhook delivery: each clinic's signing secret (from a secret store, never from the repository). */
@ConfigMapping(prefix = "reminders.webhook")
public interface WebhookConfig {
  /** Clinic id → HMAC-SHA256 key, e.g. {@code REMINDERS_WEBHOOK_SECRETS__CLINIC_1_} from a Kubernetes Secret. */
  Map<String, String> secrets();

  /** How long one POST may take. */
  @WithDefault("5s")
  Duration timeout();
}
