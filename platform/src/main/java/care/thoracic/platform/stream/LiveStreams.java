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
  /** Open streams per caller; every change is one atomic compute, so no count is lost or doubled. */
  private final Map<String, Integer> openByCaller = new ConcurrentHashMap<>();

  @Inject HttpEdgeConfig edge;

  /**
   * Opens {@code stream} for {@code caller} until {@code expiry}, then sends {@code last} and ends.
   * The stream starts once {@code before} has completed (the opening's access record written); if it
   * fails, the stream fails with it and shows nothing.
   *
   * @throws TooManyStreamsException when the caller already holds the most streams allowed
   */
  public <T> Multi<T> open(Caller caller, Instant expiry, Multi<T> stream, T last, Uni<Void> before) {
    String key = caller.tenant().id() + "/" + caller.subject();
    boolean[] admitted = {false};
    openByCaller.compute(key, (k, open) -> {
      int now = open == null ? 0 : open;
      admitted[0] = now < edge.maxStreamsPerCaller();
      return admitted[0] ? Integer.valueOf(now + 1) : open;
    });
    if (!admitted[0]) {
      throw new TooManyStreamsException(edge.maxStreamsPerCaller());
    }
    AtomicBoolean released = new AtomicBoolean();
    Runnable releaseOnce = () -> {
      if (released.compareAndSet(false, true)) {
        openByCaller.computeIfPresent(key, (k, open) -> open <= 1 ? null : open - 1);
      }
    };
    Duration left = Duration.between(Clock.systemUTC().instant(), expiry);
    // reserved now, so that the 429 is this request's answer; released when the stream ends, however it
    // ends: also when it never started because `before` failed, or the client left while it waited
    Multi<T> bounded = until(stream, left.isNegative() ? Duration.ZERO : left, last);
    return before.onItem().transformToMulti(ignored -> bounded).onTermination().invoke(releaseOnce);
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
