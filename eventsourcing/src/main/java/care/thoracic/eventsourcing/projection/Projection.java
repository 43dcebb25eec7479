package care.thoracic.eventsourcing.projection;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.EventType;
import java.util.Set;

/**
 * A read model built from events. {@link #apply} changes only the projection's own documents, via
 * {@link ProjectionCollection#applyOnce}, so a redelivered event changes nothing. Anything with an
 * effect outside the read model (sending, issuing commands) is not a projection: rebuilds replay
 * projections only, so a rebuild never re-fires a side effect.
 */
public interface Projection extends PatientData {
  String name();

  /** The event types this projection reads. */
  Set<EventType> handles();

  void apply(EventEnvelope<? extends CareEvent> event);

  /** Drops the read model before a rebuild. */
  void reset();
}
