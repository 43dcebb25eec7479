package care.thoracic.eventsourcing.store;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.events.CareEvent;
import java.util.List;
import java.util.Optional;

/** A stream's events in version order, and the head to append after them. */
public record LoadedStream(StreamHead head, List<EventEnvelope<CareEvent>> events) {
  public LoadedStream {
    events = List.copyOf(events);
  }

  public boolean isNew() {
    return head.version() == 0;
  }

  /**
   * The newest event, as the one type the stream holds: a setting's stream, where the newest applies.
   *
   * @throws ClassCastException if the newest event is of another type
   */
  public <E extends CareEvent> Optional<EventEnvelope<E>> newest(Class<E> type) {
    return events.isEmpty() ? Optional.empty() : Optional.of(events.getLast().as(type));
  }
}
