package care.thoracic.reminder.jobs;

import care.thoracic.contracts.CareJson;
import care.thoracic.reminder.delivery.PushAnswer;
import care.thoracic.reminder.delivery.PushSender;
import care.thoracic.reminder.domain.PushPayload;
import care.thoracic.reminder.domain.PushSubscription;
import care.thoracic.reminder.store.PushDeliveries;
import care.thoracic.reminder.store.PushDeliveries.Claim;
import care.thoracic.reminder.store.PushDeliveries.Delivery;
import care.thoracic.reminder.store.PushDeliveries.Status;
import care.thoracic.reminder.store.PushSubscriptions;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * One push dispatcher: claims due push deliveries under a lease, pushes each to its device and
 * concludes it, as {@link ReminderDispatch} does for reminders and for the same reasons:
 * <ul>
 *   <li>A delivery is claimed only when one of this dispatcher's slots is free for it, re-claimed
 *   (the lease extended to a full lease from now) just before the push, and pushed only if the
 *   claim is still this dispatcher's. A push is bounded by the sender's timeout, and the lease is
 *   at least twice that ({@link Timing}), so a push ends and is concluded long before anyone may
 *   take its delivery over.</li>
 *   <li>Concluding (sent, retry, capped, expired, failed) is conditional on the claim token, so a
 *   dispatcher whose lease ended cannot overwrite what another did. A dispatcher that dies leaves
 *   its claims to be taken over when their lease ends: nothing is lost, and a push is repeated only
 *   if it died between the push service's answer and the write (the topic lets the push service
 *   replace a repeat it still holds).</li>
 *   <li>One device has at most one push in flight from a dispatcher, and gets them in feed order;
 *   its hourly cap is counted just before each push.</li>
 * </ul>
 * A delivery past its notice's lifetime is dropped (EXPIRED) instead of pushed, and each push
 * carries as its TTL only what is left of that lifetime. The push service's 404 or 410 removes the
 * subscription and every delivery to it; 429 and 5xx are tried again after Retry-After (at most
 * {@link Attempts#longestWait()}) or after a doubling wait, up to {@link Attempts#max()} attempts.
 */
public final class PushDispatch implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(PushDispatch.class);
  /** A dispatcher looks at this many due deliveries per free slot, to find ones of other devices. */
  private static final int LOOK_AHEAD = 4;

  /**
   * How long a claim holds ({@code reminders.push.lease}) and how long one push may take
   * ({@code reminders.push.timeout}); the lease must be at least twice the push's bound.
   */
  public record Timing(Duration lease, Duration pushTimeout) {
    public Timing {
      if (pushTimeout.isNegative() || pushTimeout.isZero()) {
        throw new IllegalArgumentException("reminders.push.timeout must be positive, not " + pushTimeout);
      }
      if (lease.compareTo(pushTimeout.multipliedBy(2)) < 0) {
        throw new IllegalArgumentException("reminders.push.lease (" + lease.toMillis() + " ms) must be at least "
            + "twice reminders.push.timeout (" + pushTimeout.toMillis() + " ms): a push must end and be concluded "
            + "well within the lease it re-claims just before sending, or another dispatcher could push it again");
      }
    }
  }

  /**
   * Pushes one dispatcher runs at once ({@code reminders.push.concurrency}) and pushes one device
   * gets in an hour at most ({@code reminders.push.max-per-device-per-hour}).
   */
  public record Limits(int concurrency, int perDevicePerHour) {
    public Limits {
      if (concurrency < 1 || perDevicePerHour < 1) {
        throw new IllegalArgumentException("reminders.push.concurrency (" + concurrency + ") and reminders.push."
            + "max-per-device-per-hour (" + perDevicePerHour + ") must be at least 1");
      }
    }
  }

  /**
   * How often a push is tried ({@code reminders.push.attempts}), the wait before the first retry
   * (doubling after each; {@code reminders.push.first-retry}), and the longest wait a push
   * service's Retry-After is honoured for ({@code reminders.push.longest-retry-after}).
   */
  public record Attempts(int max, Duration firstRetry, Duration longestWait) {
    public Attempts {
      if (max < 1) {
        throw new IllegalArgumentException("reminders.push.attempts must be at least 1, not " + max);
      }
    }

    Duration before(int attempt) {
      Duration doubling = firstRetry.multipliedBy(1L << Math.min(attempt - 1, 20));
      return doubling.compareTo(longestWait) > 0 ? longestWait : doubling;
    }
  }

  private final String dispatcher;
  private final PushDeliveries deliveries;
  private final PushSubscriptions subscriptions;
  private final PushSender sender;
  private final Clock clock;
  private final Timing timing;
  private final Limits limits;
  private final Attempts attempts;
  private final MeterRegistry meters;

  /** One virtual thread per push. */
  private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
      Thread.ofVirtual().name("push-delivery-", 0).factory());
  private final AtomicInteger inFlight = new AtomicInteger();
  /** The devices this dispatcher is pushing to, and the deliveries it holds: never taken twice by it. */
  private final Set<UUID> busyDevices = ConcurrentHashMap.newKeySet();
  private final Set<String> heldKeys = ConcurrentHashMap.newKeySet();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private long changes;
  private volatile boolean closed;

  public PushDispatch(String dispatcher, PushDeliveries deliveries, PushSubscriptions subscriptions, PushSender sender,
      Clock clock, Timing timing, Limits limits, Attempts attempts, MeterRegistry meters) {
    this.dispatcher = dispatcher;
    this.deliveries = deliveries;
    this.subscriptions = subscriptions;
    this.sender = sender;
    this.clock = clock;
    this.timing = timing;
    this.limits = limits;
    this.attempts = attempts;
    this.meters = meters;
  }

  /** Dispatches until {@link #close()}: round after round while rounds take deliveries, else waits {@code poll}. */
  public void run(int batch, Duration poll) {
    while (!closed) {
      try {
        long seen = changes();
        if (round(batch) == 0) {
          awaitChange(seen, poll);
        }
      } catch (InterruptedException stopping) {
        return;
      } catch (RuntimeException e) {
        // the store is away: what was claimed comes back when its lease ends
        LOG.warnf("push round failed, trying again in %s: %s", poll.multipliedBy(10), e.toString());
        try {
          awaitChange(changes(), poll.multipliedBy(10));
        } catch (InterruptedException stopping) {
          return;
        }
      }
    }
  }

  /**
   * Claims and pushes what is due now, round after round until a round finds nothing (a device's
   * next delivery waits for its previous one), and returns once every push has been concluded;
   * answers how many deliveries it claimed. For tests and tools; the service runs {@link #run}.
   */
  public int dispatchDue(int batch) {
    try {
      int claimed = 0;
      while (!closed) {
        long seen = changes();
        int took = round(batch);
        claimed += took;
        if (took == 0) {
          if (inFlight.get() == 0 && changes() == seen) { // nothing ended since the round looked
            break;
          }
          awaitChange(seen, Duration.ofDays(1));
        }
      }
      awaitIdle();
      return claimed;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while pushing", e);
    }
  }

  /** Stops claiming and lets the pushes in flight end (each within the push timeout). */
  @Override
  public void close() {
    closed = true;
    changed();
    synchronized (this) {
      // a round in progress has started its pushes; later rounds take nothing
    }
    workers.close();
  }

  /** One claim round: as many due deliveries as there are free slots, one per device. */
  private synchronized int round(int max) {
    int room = Math.min(max, limits.concurrency() - inFlight.get());
    if (room <= 0 || closed) {
      return 0;
    }
    Instant now = clock.instant();
    Set<UUID> devices = new HashSet<>();
    List<PushDeliveries.Candidate> taking = new ArrayList<>();
    for (PushDeliveries.Candidate candidate : deliveries.due(now, room * LOOK_AHEAD, Set.copyOf(busyDevices))) {
      if (taking.size() < room && !heldKeys.contains(candidate.key()) && devices.add(candidate.subscriptionId())) {
        taking.add(candidate);
      }
    }
    Claim claim = deliveries.take(dispatcher, taking, now, timing.lease());
    for (Delivery delivery : claim.deliveries()) {
      inFlight.incrementAndGet();
      busyDevices.add(delivery.subscriptionId());
      heldKeys.add(delivery.key());
      workers.execute(() -> push(claim, delivery));
    }
    return claim.deliveries().size();
  }

  /** One push, on its own virtual thread. */
  private void push(Claim claim, Delivery delivery) {
    try {
      Instant now = clock.instant();
      if (!now.isBefore(delivery.expiresAt())) {
        conclude(claim, delivery, Status.EXPIRED, "its notice's lifetime ended before it could be pushed");
        return;
      }
      Optional<PushSubscription> device = subscriptions.byId(delivery.subscriptionId());
      if (device.isEmpty()) {
        deliveries.forget(delivery.subscriptionId()); // removed (or taken over) since it was enqueued
        return;
      }
      if (deliveries.sentSince(delivery.subscriptionId(), now.minus(Duration.ofHours(1)))
          >= limits.perDevicePerHour()) {
        if (conclude(claim, delivery, Status.CAPPED, "the device had its " + limits.perDevicePerHour()
            + " pushes of the hour")) {
          counter("care.push.capped", "Pushes skipped: the device had its hour's pushes (the feed tells the app)")
              .increment();
        }
        return;
      }
      // re-claim just before pushing, after the store's reads (which a failover can stall): the lease
      // then runs a full lease from now, at least twice the longest the push may take; a claim that
      // is no longer ours pushes nothing
      if (!deliveries.renew(claim, delivery, clock.instant(), timing.lease())) {
        leaseLost("before-send");
        return;
      }
      long started = System.nanoTime();
      PushAnswer answer = sender.send(device.get(), payload(delivery), Duration.between(now, delivery.expiresAt()),
          delivery.topic(), delivery.urgency());
      Timer.builder("care.push.latency").description("From a push's start to the push service's answer")
          .tag("outcome", answer.getClass().getSimpleName()).publishPercentileHistogram().register(meters)
          .record(Duration.ofNanos(System.nanoTime() - started));
      conclude(claim, delivery, device.get(), answer);
    } catch (RuntimeException e) {
      LOG.warnf("push %s not concluded, tried again when its lease ends: %s", delivery.key(), e);
    } finally {
      // the device is free before the push stops counting as in flight: a round that sees none in
      // flight must also see the device free
      busyDevices.remove(delivery.subscriptionId());
      heldKeys.remove(delivery.key());
      inFlight.decrementAndGet();
      changed();
    }
  }

  private void conclude(Claim claim, Delivery delivery, PushSubscription device, PushAnswer answer) {
    Instant now = clock.instant();
    switch (answer) {
      case PushAnswer.Delivered delivered -> {
        if (conclude(claim, delivery, Status.SENT, null)) {
          counter("care.push.sent", "Pushes the push service accepted").increment();
          Timer.builder("care.push.delay").description("From a push's enqueueing to the push service's acceptance")
              .publishPercentileHistogram().register(meters).record(Duration.between(delivery.enqueuedAt(), now));
        }
      }
      case PushAnswer.Gone gone -> {
        // the browser unsubscribed or the push service forgot it: nothing will reach it again
        if (subscriptions.remove(device.subscriptionId())) {
          Counter.builder("care.push.subscriptions.removed").description("Subscriptions removed")
              .tag("reason", "gone").register(meters).increment();
        }
        deliveries.forget(device.subscriptionId());
      }
      case PushAnswer.RetryLater retry -> {
        if (delivery.attempts() >= attempts.max()) {
          failed(claim, delivery, retry.reason() + " (after " + delivery.attempts() + " attempts)", "attempts");
          return;
        }
        Instant earliest = now.plus(attempts.before(delivery.attempts()));
        Instant retryAt = retry.notBefore()
            .map(asked -> asked.isAfter(now.plus(attempts.longestWait())) ? now.plus(attempts.longestWait()) : asked)
            .orElse(earliest);
        if (!retryAt.isBefore(delivery.expiresAt())) {
          conclude(claim, delivery, Status.EXPIRED, retry.reason() + "; its lifetime ends before another try");
          return;
        }
        if (deliveries.retryLater(claim, delivery, retryAt, retry.reason())) {
          counter("care.push.retried", "Pushes to be tried again (429, 5xx, no answer)").increment();
        } else {
          leaseLost("finish");
        }
      }
      case PushAnswer.Refused refused -> failed(claim, delivery, refused.reason(), "refused");
    }
  }

  private void failed(Claim claim, Delivery delivery, String why, String reason) {
    if (conclude(claim, delivery, Status.FAILED, why)) {
      Counter.builder("care.push.failed").description("Pushes given up").tag("reason", reason).register(meters)
          .increment();
      LOG.infof("push %s failed: %s", delivery.key(), why);
    }
  }

  /** Concludes the delivery if the claim is still this dispatcher's; counts a lost lease otherwise. */
  private boolean conclude(Claim claim, Delivery delivery, Status outcome, String why) {
    boolean concluded = deliveries.finish(claim, delivery, outcome, clock.instant(), why);
    if (!concluded) {
      leaseLost("finish");
    } else if (outcome == Status.EXPIRED) {
      counter("care.push.expired", "Pushes dropped: their notice outlived its lifetime").increment();
    }
    return concluded;
  }

  private static byte[] payload(Delivery delivery) {
    try {
      return CareJson.mapper().writeValueAsBytes(PushPayload.of(delivery.patientId(), delivery.sequence(),
          delivery.lockScreenText(), delivery.topic()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a push payload is plain data", e);
    }
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).register(meters);
  }

  private void leaseLost(String at) {
    Counter.builder("care.push.lease.lost")
        .description("Push claims found taken over by another dispatcher after their lease ended; nothing overwritten")
        .tag("at", at).register(meters).increment();
  }

  private void changed() {
    lock.lock();
    try {
      changes++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private long changes() {
    lock.lock();
    try {
      return changes;
    } finally {
      lock.unlock();
    }
  }

  private void awaitChange(long seen, Duration max) throws InterruptedException {
    lock.lock();
    try {
      long nanos = max.toNanos();
      while (changes == seen && nanos > 0 && !closed) {
        nanos = changed.awaitNanos(nanos);
      }
    } finally {
      lock.unlock();
    }
  }

  private void awaitIdle() throws InterruptedException {
    lock.lock();
    try {
      while (inFlight.get() > 0) {
        changed.await();
      }
    } finally {
      lock.unlock();
    }
  }
}
