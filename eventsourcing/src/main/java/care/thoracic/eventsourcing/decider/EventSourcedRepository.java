package care.thoracic.eventsourcing.decider;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.eventsourcing.store.Appended;
import care.thoracic.eventsourcing.store.Causation;
import care.thoracic.eventsourcing.store.ConcurrencyConflictException;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.eventsourcing.store.LoadedStream;
import care.thoracic.eventsourcing.store.StreamHead;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

/** Runs commands against one kind of aggregate: load, decide, append, all or nothing. */
public final class EventSourcedRepository<C, E extends CareEvent, S> {

  /** An aggregate's state, its events, and the head to append after. */
  public record Loaded<E extends CareEvent, S>(S state, StreamHead head, List<EventEnvelope<E>> events) {
    public boolean exists() {
      return head.version() > 0;
    }
  }

  /** What a command did: the stored events (possibly none) and the state after them. */
  public record Result<E extends CareEvent, S>(List<EventEnvelope<E>> appended, S state, long version) {}

  private static final int MAX_BACK_OFF_DOUBLINGS = 6; // at most 64 ms
  private final EventStore store;
  private final Decider<C, E, S> decider;
  private final Class<E> eventType;

  public EventSourcedRepository(EventStore store, Decider<C, E, S> decider, Class<E> eventType) {
    this.store = store;
    this.decider = decider;
    this.eventType = eventType;
  }

  public Loaded<E, S> load(Tenant tenant, String streamId) {
    LoadedStream stream = store.load(tenant, streamId);
    List<EventEnvelope<E>> events = new ArrayList<>(stream.events().size());
    for (EventEnvelope<CareEvent> envelope : stream.events()) {
      if (!eventType.isInstance(envelope.event())) {
        throw new IllegalStateException("stream " + streamId + " holds a " + envelope.type() + ", not a " + eventType);
      }
      events.add(envelope.as(eventType));
    }
    S state = decider.fold(decider.initialState(), events.stream().map(EventEnvelope::event).toList());
    return new Loaded<>(state, stream.head(), events);
  }

  /**
   * @param expectedVersion the version the caller last saw (from {@code If-Match}); empty to act on
   *     whatever is current
   * @throws ConcurrencyConflictException when the stream is not at {@code expectedVersion}, or
   *     moved on while deciding
   * @throws CommandRejectedException when the aggregate refuses the command
   */
  public Result<E, S> handle(Tenant tenant, String streamId, OptionalLong expectedVersion, C command,
      Causation causation) {
    Loaded<E, S> loaded = load(tenant, streamId);
    if (expectedVersion.isPresent() && expectedVersion.getAsLong() != loaded.head().version()) {
      throw new ConcurrencyConflictException(loaded.head());
    }
    List<E> events = decider.decide(command, loaded.state());
    Appended<E> appended = store.append(loaded.head(), events, causation);
    S state = decider.fold(loaded.state(), events);
    return new Result<>(appended.events(), state, appended.head().version());
  }

  /**
   * For consumers, schedulers and commands that do not depend on what their caller last read: on
   * a conflict, reload and decide again. A redelivered event decides nothing new because the state
   * already reflects it. Contenders back off for a random, growing moment, so that of many
   * writers racing on one stream each gets its turn instead of colliding again.
   */
  public Result<E, S> handleRetrying(Tenant tenant, String streamId, C command, Causation causation, int attempts) {
    for (int attempt = 1; ; attempt++) {
      try {
        return handle(tenant, streamId, OptionalLong.empty(), command, causation);
      } catch (ConcurrencyConflictException e) {
        if (attempt >= attempts) {
          throw e;
        }
        backOff(attempt);
      }
    }
  }

  private static void backOff(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1L << Math.min(attempt, MAX_BACK_OFF_DOUBLINGS)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while retrying a command on a busy stream", e);
    }
  }
}
