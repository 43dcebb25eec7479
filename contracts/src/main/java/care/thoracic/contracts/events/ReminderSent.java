package care.thoracic.contracts.events;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.Channel;
import care.thoracic.contracts.clinical.ReminderKind;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A reminder was delivered on its channel ({@code attempt} counts from 1). */
public record ReminderSent(
    UUID reminderId,
    UUID planId,
    PatientId patientId,
    ReminderKind kind,
    Channel channel,
    Instant dueAt,
    Instant sentAt,
    int attempt)
    implements ReminderEvent {

  public ReminderSent {
    Objects.requireNonNull(reminderId, "reminderId is required");
    Objects.requireNonNull(planId, "planId is required");
    Objects.requireNonNull(patientId, "patientId is required");
    Objects.requireNonNull(kind, "kind is required");
    Objects.requireNonNull(channel, "channel is required");
    Objects.requireNonNull(dueAt, "dueAt is required");
    Objects.requireNonNull(sentAt, "sentAt is required");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1");
    }
  }
}
