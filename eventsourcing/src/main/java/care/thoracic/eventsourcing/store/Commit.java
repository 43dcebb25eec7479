package care.thoracic.eventsourcing.store;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.CareEvent;
import java.time.Instant;
import java.util.List;

/**
 * The events one command appended, stored and published together, in version order.
 *
 * @param payloads each event's JSON exactly as stored, in the order of {@code events}: the relay
 *     publishes these bytes rather than writing the event again
 */
public record Commit(
    String id,
    Tenant tenant,
    String streamId,
    long firstVersion,
    long lastVersion,
    long position,
    Instant committedAt,
    List<EventEnvelope<CareEvent>> events,
    List<String> payloads) {

  public Commit {
    events = List.copyOf(events);
    payloads = List.copyOf(payloads);
    if (events.size() != payloads.size()) {
      throw new IllegalArgumentException("one payload per event");
    }
  }
}
