package care.thoracic.contracts.events;

import java.util.Objects;

/**
 * The clinic's webhook signing secret was set, or replaced ({@code rotated}). The secret itself
 * stays in reminder-service's store, wrapped by the deployment's key-encryption key; the event
 * names it by {@code fingerprint} (the first 16 hex digits of its SHA-256), so a receiver can tell
 * which secret signs from when.
 */
public record WebhookSecretSet(String fingerprint, boolean rotated, String reason) implements ClinicEvent {
  public static final int MAX_REASON_LENGTH = 500;

  public WebhookSecretSet {
    Objects.requireNonNull(fingerprint, "fingerprint is required");
    if (!fingerprint.matches("[0-9a-f]{16}")) {
      throw new IllegalArgumentException("fingerprint must be 16 lower-case hex digits");
    }
    Objects.requireNonNull(reason, "reason is required");
    if (reason.isBlank() || reason.length() > MAX_REASON_LENGTH) {
      throw new IllegalArgumentException("reason must be 1 to " + MAX_REASON_LENGTH + " characters");
    }
  }
}
