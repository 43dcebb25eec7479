package care.thoracic.eventsourcing.outbox;

import care.thoracic.eventsourcing.store.Commit;
import care.thoracic.eventsourcing.store.EventStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * Publishes appended commits to Kafka, at least once, in version order per stream, and marks them
 * published. Only the holder of the {@link RelayLease} publishes, so one relay per service runs at
 * a time however many instances there are; an append wakes it at once, and it also polls, to pick
 * up commits another instance appended. A relay that dies between publishing and marking publishes
 * those commits again after restart or hand-over: consumers skip versions they have seen.
 */
public final class OutboxRelay implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

  /**
   * @param pollInterval how long an idle relay waits for a wake-up before looking anyway
   * @param maxBackoff the longest pause between attempts while Kafka or the store fails
   */
  public record Settings(int batchSize, Duration pollInterval, Duration maxBackoff) {
    public static Settings defaults() {
      return new Settings(500, Duration.ofMillis(250), Duration.ofSeconds(5));
    }
  }

  private final EventStore store;
  private final RelayLease lease;
  private final EventPublisher publisher;
  private final Settings settings;
  private final Clock realClock;
  private final Counter publishedEvents;
  private final Timer publishLatency;
  private final AtomicLong oldestPendingMillis = new AtomicLong();
  private volatile boolean running;
  private volatile boolean leader;
  private volatile Thread thread;

  public OutboxRelay(EventStore store, RelayLease lease, EventPublisher publisher, Settings settings, Clock realClock,
      MeterRegistry meters) {
    this.store = store;
    this.lease = lease;
    this.publisher = publisher;
    this.settings = settings;
    this.realClock = realClock;
    this.publishedEvents = Counter.builder("care.outbox.published").description("Events published to Kafka")
        .baseUnit("events").register(meters);
    this.publishLatency = Timer.builder("care.outbox.publish.latency")
        .description("From a commit's append to its acknowledgement by Kafka").publishPercentileHistogram()
        .register(meters);
    Gauge.builder("care.outbox.lag.seconds", oldestPendingMillis, ms -> ms.get() / 1000.0)
        .description("Age of the oldest unpublished commit seen by this relay's last poll (0 when drained)")
        .register(meters);
    Gauge.builder("care.outbox.leader", this, relay -> relay.leader ? 1 : 0)
        .description("1 while this instance holds the relay lease").register(meters);
    store.onAppend(appended -> wake());
  }

  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    thread = Thread.ofPlatform().name("outbox-relay-" + lease.owner()).daemon().start(this::run);
  }

  /** Called after an append: look at the outbox now rather than at the next poll. */
  public void wake() {
    Thread current = thread;
    if (current != null) {
      LockSupport.unpark(current);
    }
  }

  public boolean isLeader() {
    return leader;
  }

  public boolean isRunning() {
    Thread current = thread;
    return running && current != null && current.isAlive();
  }

  private void run() {
    long backoffNanos = settings.pollInterval().toNanos();
    long leaseValidUntil = 0;
    while (running) {
      try {
        if (System.nanoTime() > leaseValidUntil) {
          leader = lease.tryHold();
          // Trust the lease for half its ttl before renewing: one write per few seconds, not per batch.
          leaseValidUntil = leader ? System.nanoTime() + lease.ttl().toNanos() / 2 : 0;
        }
        if (!leader) {
          oldestPendingMillis.set(0);
          LockSupport.parkNanos(Math.min(lease.ttl().toNanos() / 4, settings.maxBackoff().toNanos()));
          continue;
        }
        List<Commit> batch = store.pending(settings.batchSize());
        if (batch.isEmpty()) {
          oldestPendingMillis.set(0);
          LockSupport.parkNanos(settings.pollInterval().toNanos());
          continue;
        }
        oldestPendingMillis.set(Duration.between(batch.getFirst().committedAt(), realClock.instant()).toMillis());
        List<Commit> published = publisher.publish(batch);
        store.markPublished(published.stream().map(Commit::id).toList(), lease.owner());
        record(published);
        if (published.size() < batch.size()) {
          LockSupport.parkNanos(backoffNanos);
          backoffNanos = Math.min(backoffNanos * 2, settings.maxBackoff().toNanos());
        } else {
          backoffNanos = settings.pollInterval().toNanos();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warnf(e, "outbox relay %s failed, retrying in %d ms", lease.owner(), backoffNanos / 1_000_000);
        leaseValidUntil = 0;
        LockSupport.parkNanos(backoffNanos);
        backoffNanos = Math.min(backoffNanos * 2, settings.maxBackoff().toNanos());
      }
    }
  }

  private void record(List<Commit> published) {
    var now = realClock.instant();
    for (Commit commit : published) {
      publishedEvents.increment(commit.events().size());
      publishLatency.record(Duration.between(commit.committedAt(), now));
    }
  }

  /** Stops relaying and hands the lease over at once. */
  @Override
  public void close() {
    Thread current;
    synchronized (this) {
      running = false;
      current = thread;
    }
    if (current != null) {
      LockSupport.unpark(current);
      try {
        // A publish in flight gets a moment to finish; then it is interrupted, and what it had not
        // marked is published again by whoever holds the lease next.
        if (!current.join(Duration.ofSeconds(2))) {
          current.interrupt();
          current.join(Duration.ofSeconds(10));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (leader) {
      try {
        lease.release();
      } catch (RuntimeException e) {
        LOG.warnf("outbox lease of %s not released; it expires in %s", lease.owner(), lease.ttl());
      }
      leader = false;
    }
    publisher.close();
  }
}
