package care.thoracic.reminder.delivery;

import care.thoracic.reminder.domain.PushNotice;
import care.thoracic.reminder.domain.PushSubscription;
import java.time.Duration;

/** Sends one push to one device within a bounded time and says what came of it (an answer, never an exception). */
@FunctionalInterface
public interface PushSender {
  /**
   * Encrypts {@code payload} to {@code device}'s keys and POSTs it to its endpoint with
   * {@code timeToLive}, {@code topic} and {@code urgency}.
   */
  PushAnswer send(PushSubscription device, byte[] payload, Duration timeToLive, String topic,
      PushNotice.Urgency urgency);
}
