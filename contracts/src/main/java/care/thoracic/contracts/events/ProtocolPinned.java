package care.thoracic.contracts.events;

import care.thoracic.contracts.Nullable;
import java.util.Objects;

/**
 * A clinic admin chose the protocol version the clinic's new plans pin (e.g. {@code thoracic-v1@2026.12});
 * {@code version} null: new plans follow the platform's current version again. Plans already
 * running keep the version they pinned.
 */
public record ProtocolPinned(@Nullable String version, String reason) implements ClinicEvent {
  public static final int MAX_REASON_LENGTH = 500;

  public ProtocolPinned {
    if (version != null && (version.isBlank() || version.length() > 100)) {
      throw new IllegalArgumentException("version must be 1 to 100 characters, or absent");
    }
    Objects.requireNonNull(reason, "reason is required");
    if (reason.isBlank() || reason.length() > MAX_REASON_LENGTH) {
      throw new IllegalArgumentException("reason must be 1 to " + MAX_REASON_LENGTH + " characters");
    }
  }
}
