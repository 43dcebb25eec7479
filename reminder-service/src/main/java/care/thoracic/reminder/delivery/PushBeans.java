package care.thoracic.reminder.delivery;

import com.interaso.webpush.VapidKeys;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;

/** The deployment's push sender, when it has a VAPID key pair. */
@Singleton
public class PushBeans {
  private static final Logger LOG = Logger.getLogger(PushBeans.class);

  /**
   * The sender, or none when no VAPID key pair is configured: then the service runs without push
   * (registration answers 409 saying so). A pair that is configured but unreadable or mismatched
   * stops the start: a deployment that meant to push must not silently not.
   */
  @Produces
  @Singleton
  Push push(PushConfig config, WebhookTargets targets, Clock clock) {
    Optional<String> publicKey = config.vapid().publicKey().filter(key -> !key.isBlank());
    Optional<String> privateKey = config.vapid().privateKey().filter(key -> !key.isBlank());
    if (publicKey.isEmpty() && privateKey.isEmpty()) {
      LOG.warn("Web Push is off: no reminders.push.vapid.public-key and private-key are configured");
      return new Push(Optional.empty());
    }
    if (publicKey.isEmpty() || privateKey.isEmpty()) {
      throw new IllegalStateException("reminders.push.vapid.public-key and private-key are set together, or neither");
    }
    VapidKeys keys;
    try {
      keys = VapidKeys.fromUncompressedBytes(publicKey.get().trim(), privateKey.get().trim());
    } catch (RuntimeException e) {
      throw new IllegalStateException("reminders.push.vapid.public-key and private-key are not a P-256 key pair "
          + "(base64url: the 65-byte uncompressed public point and the 32-byte private scalar): " + e.getMessage(), e);
    }
    try {
      return new Push(Optional.of(new WebPushSender(config.vapid().subject(), keys, config.timeout(), targets, clock)));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("reminders.push.vapid.subject must start with mailto: or https:, not "
          + config.vapid().subject(), e);
    }
  }

  /** The deployment's sender, if push is on. */
  public record Push(Optional<WebPushSender> sender) {}
}
