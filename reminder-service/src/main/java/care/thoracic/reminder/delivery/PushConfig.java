package care.thoracic.reminder.delivery;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Web Push: the deployment's VAPID key pair (from a secret store, never from the repository) and its bounds. */
@ConfigMapping(prefix = "reminders.push")
public interface PushConfig {
  /** The deployment's VAPID identity (RFC 8292); without its keys push is off and the service says so. */
  Vapid vapid();

  /**
   * How long one push may take in all: the check of the endpoint's addresses, connecting, the
   * POST and the push service's answer. The dispatcher's lease is at least twice this.
   */
  @WithDefault("5s")
  Duration timeout();

  /** Devices one patient may register; another answers 409 until one is removed. */
  @WithDefault("10")
  int maxDevicesPerPatient();

  /** Pushes one device gets in an hour at most; beyond, the feed alone tells the app. */
  @WithDefault("20")
  int maxPerDevicePerHour();

  /** This instance's push dispatcher. */
  Dispatcher dispatcher();

  /** Deliveries one claim round takes at most. */
  @WithDefault("100")
  int batch();

  /** How often an idle dispatcher looks for due deliveries. */
  @WithDefault("200ms")
  Duration poll();

  /** How long a claim holds: a dispatcher that dies loses its claims after it; at least twice the timeout. */
  @WithDefault("30s")
  Duration lease();

  /** Pushes one instance runs at once (virtual threads), one per device. */
  @WithDefault("32")
  int concurrency();

  /** How often a push answered 429, 5xx or not at all is tried. */
  @WithDefault("5")
  int attempts();

  /** The wait before the first retry, doubling after each (when the push service names none). */
  @WithDefault("2s")
  Duration firstRetry();

  /** The longest wait before a retry, whatever Retry-After asks. */
  @WithDefault("15m")
  Duration longestRetryAfter();

  /** Whether endpoints may be plain http: a stand-in push service in the tests only. */
  @WithDefault("false")
  boolean allowHttpEndpoints();

  /** Whether this instance pushes (every instance takes registrations either way). */
  interface Dispatcher {
    @WithDefault("true")
    boolean enabled();
  }

  /** The key pair, both base64url as browsers and the usual tools write them, and the contact. */
  interface Vapid {
    /** The uncompressed P-256 public key (65 bytes): the applicationServerKey browsers subscribe with. */
    Optional<String> publicKey();

    /** The private key (the 32-byte P-256 scalar). */
    Optional<String> privateKey();

    /** How a push service reaches the operators ({@code mailto:} or {@code https:}), sent in every push's token. */
    @WithDefault("mailto:operations@care.thoracic")
    String subject();
  }
}
