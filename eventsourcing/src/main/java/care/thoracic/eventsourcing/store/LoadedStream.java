package care.thoracic.eventsourcing.store;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.events.CareEvent;
import java.util.List;

/** A stream's events in version order, and the head to append after them. */
public record LoadedStream(StreamHead head, List<EventEnvelope<CareEvent>> events) {
  public LoadedStream {
    events = List.copyOf(events);
  }

  public boolean isNew() {
    return head.version() == 0;
  }
}
