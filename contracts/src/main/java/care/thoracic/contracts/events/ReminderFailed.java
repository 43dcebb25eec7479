package care.thoracic.contracts.events;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.Channel;
import care.thoracic.contracts.clinical.ReminderKind;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** Every delivery attempt of a reminder failed; {@code lastError} says how the last one did. */
public record ReminderFailed(
    UUID reminderId,
    UUID planId,
    PatientId patientId,
    ReminderKind kind,
    Channel channel,
    Instant dueAt,
    int attempts,
    String lastError)
    implements ReminderEvent {

  public ReminderFailed {
    Objects.requireNonNull(reminderId, "reminderId is required");
    Objects.requireNonNull(planId, "planId is required");
    Objects.requireNonNull(patientId, "patientId is required");
    Objects.requireNonNull(kind, "kind is required");
    Objects.requireNonNull(channel, "channel is required");
    Objects.requireNonNull(dueAt, "dueAt is required");
    Objects.requireNonNull(lastError, "lastError is required");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1");
    }
  }
}
