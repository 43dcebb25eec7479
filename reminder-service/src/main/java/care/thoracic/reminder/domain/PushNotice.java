package care.thoracic.reminder.domain;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a feed entry is pushed to the patient's devices (Web Push, RFC 8030): {@code lockScreenText}
 * is all a push carries about the entry, so it says nothing a stranger looking at the phone should
 * not read (no flag, symptom or diagnosis); {@code topic} names the thing the push is about, so a
 * newer push for the same thing replaces one the push service still holds; a push older than
 * {@code timeToLive} is worthless and dropped.
 */
public record PushNotice(String lockScreenText, String topic, Urgency urgency, Duration timeToLive) {
  /** RFC 8030 §5.4: at most 32 characters of the URL- and filename-safe base64 alphabet. */
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9_-]{1,32}");

  /**
   * A push older than this is not worth a lock screen (the feed has it); the store forgets finished
   * pushes a while after, counting on it.
   */
  public static final Duration LONGEST_LIFETIME = Duration.ofDays(1);

  /** RFC 8030 §5.3. */
  public enum Urgency { VERY_LOW, LOW, NORMAL, HIGH }

  public PushNotice {
    Objects.requireNonNull(lockScreenText, "lockScreenText is required");
    Objects.requireNonNull(urgency, "urgency is required");
    if (topic == null || !TOPIC.matcher(topic).matches()) {
      throw new IllegalArgumentException("a push topic is 1-32 characters of [A-Za-z0-9_-], not " + topic);
    }
    if (timeToLive == null || timeToLive.isNegative() || timeToLive.compareTo(LONGEST_LIFETIME) > 0) {
      throw new IllegalArgumentException("a push lives from zero seconds to " + LONGEST_LIFETIME);
    }
  }
}
