package care.thoracic.eventsourcing.store;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.CareEvent;
import java.time.Instant;
import java.util.List;

/** The events one command appended, stored and published together, in version order. */
public record Commit(
    String id,
    Tenant tenant,
    String streamId,
    long firstVersion,
    long lastVersion,
    long position,
    Instant committedAt,
    List<EventEnvelope<CareEvent>> events) {

  public Commit {
    events = List.copyOf(events);
  }
}
