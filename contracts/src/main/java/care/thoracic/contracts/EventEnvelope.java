package care.thoracic.contracts;

import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.EventType;
import java.util.Objects;

/** An event with its metadata, as stored and as delivered. */
public record EventEnvelope<E extends CareEvent>(EventMetadata metadata, E event) {
  public EventEnvelope {
    Objects.requireNonNull(metadata, "metadata is required");
    Objects.requireNonNull(event, "event is required");
  }

  public EventType type() {
    return EventType.of(event);
  }

  public Tenant tenant() {
    return metadata.tenant();
  }

  /**
   * The Kafka key: one patient's events share a partition and keep their order; a clinic's own
   * events (its settings) are keyed by the clinic alone.
   */
  public String partitionKey() {
    return event.patientId() == null ? metadata.tenant().id() : partitionKey(metadata.tenant(), event.patientId());
  }

  public static String partitionKey(Tenant tenant, PatientId patientId) {
    return tenant.id() + ":" + patientId.value();
  }

  /** Narrows the envelope once the caller has switched on the event's type. */
  @SuppressWarnings("unchecked")
  public <T extends CareEvent> EventEnvelope<T> as(Class<T> type) {
    if (!type.isInstance(event)) {
      throw new ClassCastException(event.getClass() + " is not a " + type);
    }
    return (EventEnvelope<T>) this;
  }
}
