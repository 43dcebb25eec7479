package care.thoracic.eventsourcing.outbox;

import care.thoracic.eventsourcing.store.Commit;
import care.thoracic.eventsourcing.store.EventStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * Publishes appended commits to Kafka, at least once, in version order per stream, and marks them
 * published. Only the holder of the {@link RelayLease} publishes, so one relay per service runs at
 * a time however many instances there are.
 *
 * <p>Two ways in. Commits appended by this instance reach the relay straight from the store
 * (no read back) and are published at once, provided the relay knows the stream's previous commit
 * is already published. Every {@code pollInterval}, and whenever it is unsure, the relay also asks
 * the store for all unpublished commits in position order: commits appended by other instances,
 * left over by a crashed relay, or held back by a failed send. A relay that dies between
 * publishing and marking publishes those commits again after restart or hand-over; consumers skip
 * versions they have seen.
 */
public final class OutboxRelay implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
  private static final int APPENDED_HERE_CAPACITY = 10_000;
  private static final int STREAMS_REMEMBERED = 100_000;

  /**
   * @param pollInterval how often the relay asks the store for every unpublished commit
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
  private final BlockingQueue<Commit> appendedHere = new ArrayBlockingQueue<>(APPENDED_HERE_CAPACITY);
  /** Per stream, the last version this relay saw acknowledged; only the relay thread touches it. */
  private final Map<String, Long> publishedUpTo = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > STREAMS_REMEMBERED;
    }
  };
  private volatile boolean running;
  private volatile boolean leader;
  private volatile boolean scanRequested = true;
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
        .description("Age of the oldest unpublished commit in this relay's last batch (0 when drained)")
        .register(meters);
    Gauge.builder("care.outbox.leader", this, relay -> relay.leader ? 1 : 0)
        .description("1 while this instance holds the relay lease").register(meters);
    store.onAppend(this::appended);
  }

  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    thread = Thread.ofPlatform().name("outbox-relay-" + lease.owner()).daemon().start(this::run);
  }

  public boolean isLeader() {
    return leader;
  }

  public boolean isRunning() {
    Thread current = thread;
    return running && current != null && current.isAlive();
  }

  /** On the appending thread: hand the commit over and wake the relay. */
  private void appended(Commit commit) {
    if (leader && !appendedHere.offer(commit)) {
      scanRequested = true; // too many at once: the store has them all
    }
    Thread current = thread;
    if (current != null) {
      LockSupport.unpark(current);
    }
  }

  private void run() {
    long backoffNanos = settings.pollInterval().toNanos();
    long leaseValidUntil = 0;
    long nextScanAt = 0;
    while (running) {
      try {
        if (System.nanoTime() > leaseValidUntil) {
          boolean wasLeader = leader;
          leader = lease.tryHold();
          // Trust the lease for half its ttl before renewing: one write per few seconds, not per batch.
          leaseValidUntil = leader ? System.nanoTime() + lease.ttl().toNanos() / 2 : 0;
          if (leader && !wasLeader) {
            scanRequested = true; // what was appended while another instance relayed is in the store
          }
        }
        if (!leader) {
          appendedHere.clear();
          oldestPendingMillis.set(0);
          LockSupport.parkNanos(Math.min(lease.ttl().toNanos() / 4, settings.maxBackoff().toNanos()));
          continue;
        }
        List<Commit> batch;
        if (scanRequested || System.nanoTime() >= nextScanAt) {
          scanRequested = false;
          nextScanAt = System.nanoTime() + settings.pollInterval().toNanos();
          batch = store.pending(settings.batchSize());
        } else {
          batch = appendedHereInOrder();
        }
        if (batch.isEmpty()) {
          oldestPendingMillis.set(0);
          if (appendedHere.isEmpty() && !scanRequested) {
            LockSupport.parkNanos(Math.max(0, nextScanAt - System.nanoTime()));
          }
          continue;
        }
        oldestPendingMillis.set(Duration.between(batch.getFirst().committedAt(), realClock.instant()).toMillis());
        List<Commit> published = publisher.publish(batch);
        store.markPublished(published.stream().map(Commit::id).toList(), lease.owner());
        record(published);
        if (published.size() < batch.size()) {
          scanRequested = true; // the rest is still pending in the store, in order
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
        scanRequested = true;
        LockSupport.parkNanos(backoffNanos);
        backoffNanos = Math.min(backoffNanos * 2, settings.maxBackoff().toNanos());
      }
    }
  }

  /**
   * The commits appended here that can go now: each one's previous commit in its stream is known
   * to be published, or comes earlier in this batch. Anything else is left to the next scan.
   */
  private List<Commit> appendedHereInOrder() {
    List<Commit> drained = new ArrayList<>();
    appendedHere.drainTo(drained, settings.batchSize());
    List<Commit> ready = new ArrayList<>(drained.size());
    Map<String, Long> batched = new HashMap<>();
    for (Commit commit : drained) {
      String stream = streamKey(commit);
      Long upTo = batched.getOrDefault(stream, publishedUpTo.get(stream));
      if (upTo != null && upTo >= commit.lastVersion()) {
        continue; // a scan published it already
      }
      boolean previousPublished = commit.firstVersion() == 1 || (upTo != null && upTo == commit.firstVersion() - 1);
      if (previousPublished) {
        ready.add(commit);
        batched.put(stream, commit.lastVersion());
      } else {
        scanRequested = true;
      }
    }
    return ready;
  }

  private void record(List<Commit> published) {
    var now = realClock.instant();
    for (Commit commit : published) {
      publishedEvents.increment(commit.events().size());
      publishLatency.record(Duration.between(commit.committedAt(), now));
      publishedUpTo.merge(streamKey(commit), commit.lastVersion(), Math::max);
    }
  }

  private static String streamKey(Commit commit) {
    return commit.tenant().id() + "/" + commit.streamId();
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
