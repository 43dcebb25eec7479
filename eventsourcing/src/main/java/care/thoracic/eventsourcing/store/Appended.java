package care.thoracic.eventsourcing.store;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.events.CareEvent;
import java.util.List;

/** What an append stored, and the head to append after next. */
public record Appended<E extends CareEvent>(StreamHead head, List<EventEnvelope<E>> events) {
  public Appended {
    events = List.copyOf(events);
  }
}
