package care.thoracic.reminder.delivery;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Webhook delivery: each clinic's signing secret (from a secret store, never from the repository). */
@ConfigMapping(prefix = "reminders.webhook")
public interface WebhookConfig {
  /** Clinic id → HMAC-SHA256 key ({@code reminders.webhook.secrets."clinic-1"=...}, from a secret store). */
  Map<String, String> secrets();

  /**
   * How long one delivery may take in all: the check of the URL's addresses, connecting, the POST
   * and its answer. Keep it within {@code reminders.delivery.timeout}, the dispatcher's bound on
   * any delivery.
   */
  @WithDefault("5s")
  Duration timeout();

  /** The platform's own host names (and their subdomains), never a webhook's target. */
  @WithDefault("triage-service,plan-service,progress-service,reminder-service,kafka,mongo,metadata.google.internal")
  List<String> platformHosts();

  /** Whether webhooks may target loopback and private networks: a local run and the tests only. */
  @WithDefault("false")
  boolean allowInternalNetworks();
}
