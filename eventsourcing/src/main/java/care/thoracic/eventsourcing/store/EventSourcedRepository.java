package care.thoracic.eventsourcing.store;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.eventsourcing.decider.Decider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs commands against one kind of aggregate: load, decide, append, all or nothing.
 *
 * <p>The state and head of the streams it handled last are kept (up to {@code recentStreams}), so
 * the next command on one of them reads only the commits after that head instead of the whole
 * stream: a plan's progress grows by a session a day, and each post would otherwise read and fold
 * all of them. The store stays the truth: commits appended meanwhile by another instance are
 * read and folded before deciding, and an append that finds the stream moved on fails as before.
 */
public final class EventSourcedRepository<C, E extends CareEvent, S> {

  /** An aggregate's state, its events, and the head to append after. */
  public record Loaded<E extends CareEvent, S>(S state, StreamHead head, List<EventEnvelope<E>> events) {
    public boolean exists() {
      return head.version() > 0;
    }
  }

  /** What a command did: the stored events (possibly none) and the state after them. */
  public record Result<E extends CareEvent, S>(List<EventEnvelope<E>> appended, S state, long version) {}

  /** A stream's state as of its head: what a decision starts from. */
  private record Known<S>(StreamHead head, S state) {}

  public static final int DEFAULT_RECENT_STREAMS = 1_000;
  private static final int MAX_BACK_OFF_DOUBLINGS = 6; // at most 64 ms
  private final EventStore store;
  private final Decider<C, E, S> decider;
  private final Class<E> eventType;
  private final Map<String, Known<S>> recent;

  public EventSourcedRepository(EventStore store, Decider<C, E, S> decider, Class<E> eventType) {
    this(store, decider, eventType, DEFAULT_RECENT_STREAMS);
  }

  /** @param recentStreams how many streams' states to keep between commands (0: read every stream whole) */
  public EventSourcedRepository(EventStore store, Decider<C, E, S> decider, Class<E> eventType, int recentStreams) {
    this.store = store;
    this.decider = decider;
    this.eventType = eventType;
    this.recent = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Known<S>> eldest) {
        return size() > recentStreams;
      }
    });
  }

  public Loaded<E, S> load(Tenant tenant, String streamId) {
    LoadedStream stream = store.load(tenant, streamId);
    List<EventEnvelope<E>> events = typed(stream);
    S state = decider.fold(decider.initialState(), events.stream().map(EventEnvelope::event).toList());
    return new Loaded<>(state, stream.head(), events);
  }

  private List<EventEnvelope<E>> typed(LoadedStream stream) {
    List<EventEnvelope<E>> events = new ArrayList<>(stream.events().size());
    for (EventEnvelope<CareEvent> envelope : stream.events()) {
      if (!eventType.isInstance(envelope.event())) {
        throw new IllegalStateException("stream " + stream.head().streamId() + " holds a " + envelope.type()
            + ", not a " + eventType);
      }
      events.add(envelope.as(eventType));
    }
    return events;
  }

  /** The stream as it is now: the kept state, brought up to date with the commits after its head. */
  private Known<S> current(Tenant tenant, String streamId) {
    Known<S> known = recent.get(key(tenant, streamId));
    if (known == null) {
      known = new Known<>(StreamHead.newStream(tenant, streamId), decider.initialState());
    }
    LoadedStream newer = store.loadAfter(known.head());
    S state = decider.fold(known.state(), typed(newer).stream().map(EventEnvelope::event).toList());
    return new Known<>(newer.head(), state);
  }

  private static String key(Tenant tenant, String streamId) {
    return tenant.id() + "/" + streamId;
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
    Known<S> current = current(tenant, streamId);
    if (expectedVersion.isPresent() && expectedVersion.getAsLong() != current.head().version()) {
      throw new ConcurrencyConflictException(current.head());
    }
    recent.put(key(tenant, streamId), current); // kept even if the command is refused
    List<E> events = decider.decide(command, current.state());
    Appended<E> appended = store.append(current.head(), events, causation);
    S state = decider.fold(current.state(), events);
    recent.put(key(tenant, streamId), new Known<>(appended.head(), state));
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
