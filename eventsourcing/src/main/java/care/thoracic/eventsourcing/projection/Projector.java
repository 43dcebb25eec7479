package care.thoracic.eventsourcing.projection;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.eventsourcing.store.EventStore;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Feeds events to the projections that read them: live from Kafka, or replayed from the store. */
public final class Projector {
  private final List<Projection> projections;

  public Projector(List<Projection> projections) {
    this.projections = List.copyOf(projections);
  }

  public void project(EventEnvelope<? extends CareEvent> event) {
    for (Projection projection : projections) {
      if (projection.handles().contains(event.type())) {
        projection.apply(event);
      }
    }
  }

  /**
   * Drops every projection and replays the service's own event store into them, each stream in
   * version order. Only projections run: nothing is sent or appended.
   *
   * @return the number of events replayed
   */
  public long rebuildFrom(EventStore store) {
    projections.forEach(Projection::reset);
    AtomicLong replayed = new AtomicLong();
    store.replay(commit -> commit.events().forEach(event -> {
      project(event);
      replayed.incrementAndGet();
    }));
    return replayed.get();
  }
}
