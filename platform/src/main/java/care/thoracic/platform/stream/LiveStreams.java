package care.thoracic.platform.stream;

import care.thoracic.platform.config.HttpEdgeConfig;
import care.thoracic.platform.tenancy.Caller;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounds of a live stream (SSE): it ends when the caller's authority ends, with a last item
 * telling the client to authenticate again and resume (its {@code Last-Event-ID} carries on where it
 * left off, with no gap), and a caller holds at most {@code care.http.max-streams-per-caller} open
 * at once on this instance (the next is refused with 429). A token is checked when a stream opens,
 * not on every event, so without the first bound a stream would outlive its token by days.
 */
@ApplicationScoped
public class LiveStreams {
  private static final Object ENDED = new Object();
  private final Map<String, AtomicInteger> openByCaller = new ConcurrentHashMap<>();

  @Inject HttpEdgeConfig edge;

  /**
   * Opens {@code stream} for {@code caller} until {@code expiry}, then sends {@code last} and ends.
   *
   * @throws TooManyStreamsException when the caller already holds the most streams allowed
   */
  public <T> Multi<T> open(Caller caller, Instant expiry, Multi<T> stream, T last) {
    String key = caller.tenant().id() + "/" + caller.subject();
    AtomicInteger open = openByCaller.computeIfAbsent(key, k -> new AtomicInteger());
    if (open.incrementAndGet() > edge.maxStreamsPerCaller()) {
      release(key, open);
      throw new TooManyStreamsException(edge.maxStreamsPerCaller());
    }
    AtomicBoolean released = new AtomicBoolean();
    Runnable releaseOnce = () -> {
      if (released.compareAndSet(false, true)) {
        release(key, open);
      }
    };
    Duration left = Duration.between(Clock.systemUTC().instant(), expiry);
    return until(stream, left.isNegative() ? Duration.ZERO : left, last).onTermination().invoke(releaseOnce);
  }

  /** How many streams {@code caller} holds open here now. */
  public int openBy(Caller caller) {
    AtomicInteger open = openByCaller.get(caller.tenant().id() + "/" + caller.subject());
    return open == null ? 0 : open.get();
  }

  private void release(String key, AtomicInteger open) {
    if (open.decrementAndGet() <= 0) {
      openByCaller.remove(key, open);
    }
  }

  /** {@code stream}'s items until {@code after} has passed, then {@code last}, then the end. */
  @SuppressWarnings("unchecked")
  static <T> Multi<T> until(Multi<T> stream, Duration after, T last) {
    Multi<Object> ended = Multi.createFrom().item(ENDED).onItem().call(item ->
        Uni.createFrom().nullItem().onItem().delayIt().by(after));
    Multi<Object> merged = Multi.createBy().merging().streams(stream.map(item -> (Object) item), ended);
    Multi<T> untilEnded = merged.select().first(item -> item != ENDED).map(item -> (T) item);
    return Multi.createBy().concatenating().streams(untilEnded, Multi.createFrom().item(last));
  }
}
