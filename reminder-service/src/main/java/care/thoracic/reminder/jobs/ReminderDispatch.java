package care.thoracic.reminder.jobs;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.Channel;
import care.thoracic.contracts.clinical.ReminderKind;
import care.thoracic.contracts.events.ReminderFailed;
import care.thoracic.contracts.events.ReminderSent;
import care.thoracic.eventsourcing.store.Causation;
import care.thoracic.eventsourcing.store.ConcurrencyConflictException;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.eventsourcing.store.StreamHead;
import care.thoracic.reminder.delivery.ReminderChannel;
import care.thoracic.reminder.store.PreferencesStore;
import care.thoracic.reminder.store.Reminders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * One dispatcher: claims due reminders under a lease, delivers each on the patient's channel (a
 * failed delivery is tried again later, waiting twice as long each time), and records
 * ReminderSent, or ReminderFailed after the last attempt, through the outbox. Dispatchers on one
 * store share the work without firing a reminder twice while a lease holds; one that dies
 * mid-delivery loses its claims when the lease ends, and another fires them then: at least once,
 * the receiver de-duplicating by reminder id.
 *
 * <p>How a lease is kept, and why (issue 19: batches claimed at once and delivered one after
 * another outlasted their lease behind a few slow webhooks, and another instance delivered them
 * again):
 * <ul>
 *   <li>A remote delivery (a webhook) is claimed only when one of this dispatcher's delivery slots
 *   is free for it, so nothing waits in a queue while its lease runs out. Its worker re-claims it
 *   (a conditional write that extends the lease to a full {@code lease} from now) just before it
 *   sends, and sends only if the claim is still its own.</li>
 *   <li>Every delivery is bounded: after {@code deliveryTimeout} it is abandoned and counted as a
 *   failed attempt, to be retried later. The lease is at least twice that bound ({@link Timing}), so
 *   a delivery ends, and is recorded and marked, well before anyone else may take its reminder over,
 *   with room left for the instances' clocks to disagree a little.</li>
 *   <li>Marking sent, retrying or failed is conditional on the claim (its token names this
 *   dispatcher and is unique to one claim round): a dispatcher whose lease ended and whose reminder
 *   another took over cannot overwrite the other's result. A last failed attempt is recorded only
 *   after re-claiming, so a dispatcher that lost its reminder never records a failure of what
 *   another delivered.</li>
 * </ul>
 *
 * <p>Fairness: at most {@link Limits#concurrency()} remote deliveries run at once (each on a
 * virtual thread), at most {@link Limits#perClinic()} of them for one clinic. Clinics at their cap
 * are left out of the next claims, so a clinic with a slow receiver occupies only its own slots
 * while every other clinic's reminders keep flowing; a claim round never waits for a delivery.
 * In-process channels (inbox, log) need no slot: they are delivered at once in the round.
 *
 * <p>Sharing a burst: dispatchers that look at the same moment all find the same oldest due
 * reminders, and all but one lose their claim. With a {@link Limits#contendedWindow()} above 1, a
 * dispatcher that lost a claim picks its rounds for a while ({@link #CONTENTION_REMEMBERED}) at random
 * from the oldest that many rounds' worth, so that instances mostly take different reminders; a
 * dispatcher alone never loses one and keeps strict due order. The oldest are always in the
 * window, so none waits long. It ships off (1): measured, the window halved lost claims but cost
 * more CPU than they did.
 *
 * <p>Recording: delivered reminders go to a recorder thread that appends their ReminderSent events
 * in one commit per clinic for whatever has arrived since its last write (a few when traffic is
 * light, hundreds in a burst), then marks them sent in one write per claim. Recorded before
 * marked, so a crash in between fires a reminder again (after its lease) rather than losing the
 * record of a delivery; the reminder id lets consumers see the repeat.
 */
public final class ReminderDispatch implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ReminderDispatch.class);
  /** Claim rounds pause while this many delivered reminders wait to be recorded (the store is slow). */
  private static final int RECORDING_BACKLOG = 1_000;
  /** At most this many delivered reminders recorded in one go. */
  private static final int RECORD_AT_ONCE = 500;
  /** How long a lost claim keeps the rounds picking at random. */
  private static final Duration CONTENTION_REMEMBERED = Duration.ofMinutes(1);

  /** How often a delivery is tried, and the wait before the first retry (doubling after each). */
  public record Attempts(int max, Duration firstRetry) {
    Duration before(int attempt) {
      return firstRetry.multipliedBy(1L << Math.min(attempt - 1, 20));
    }
  }

  /**
   * Remote deliveries one dispatcher runs at once: in all ({@code reminders.dispatcher.concurrency})
   * and for one clinic ({@code reminders.dispatcher.per-clinic}), so that one clinic's slow receiver
   * holds at most its own share.
   */
  public record Limits(int concurrency, int perClinic, int contendedWindow) {
    public Limits {
      if (concurrency < 1 || perClinic < 1 || perClinic > concurrency) {
        throw new IllegalArgumentException("reminders.dispatcher.concurrency (" + concurrency
            + ") and reminders.dispatcher.per-clinic (" + perClinic + ") must be at least 1, and the per-clinic cap "
            + "no more than the concurrency");
      }
      if (contendedWindow < 1) {
        throw new IllegalArgumentException("reminders.dispatcher.contended-window (" + contendedWindow
            + ") must be at least 1 (1: every round takes the oldest due)");
      }
    }
  }

  /**
   * How long a claim holds ({@code reminders.dispatcher.lease}) and how long one delivery may take
   * ({@code reminders.delivery.timeout}). The lease must be at least twice the delivery timeout: a
   * delivery re-claims its reminder for one lease just before it sends, and must then end and be
   * recorded and marked before the lease ends, or another dispatcher could take the reminder over
   * and deliver it a second time.
   */
  public record Timing(Duration lease, Duration deliveryTimeout) {
    public Timing {
      if (deliveryTimeout.isNegative() || deliveryTimeout.isZero()) {
        throw new IllegalArgumentException("reminders.delivery.timeout must be positive, not " + deliveryTimeout);
      }
      if (lease.compareTo(deliveryTimeout.multipliedBy(2)) < 0) {
        throw new IllegalArgumentException("reminders.dispatcher.lease (" + lease.toMillis() + " ms) must be at least "
            + "twice reminders.delivery.timeout (" + deliveryTimeout.toMillis() + " ms): a delivery must end, be "
            + "recorded and be marked well within the lease it re-claims just before sending, or another dispatcher "
            + "could take its reminder over and deliver it a second time. Raise the lease or lower the timeout.");
      }
    }
  }

  /** A delivered reminder waiting to be recorded and marked sent. */
  private record Delivered(Reminders.Claim claim, Reminders.StoredReminder reminder, ReminderSent sent) {}

  /** Put after everything else when closing: the recorder stops once it reaches it. */
  private static final Delivered STOP = new Delivered(null, null, null);

  private final String dispatcher;
  private final Reminders reminders;
  private final PreferencesStore preferences;
  private final EventStore events;
  private final Map<Channel, ReminderChannel> channels = new EnumMap<>(Channel.class);
  private final Clock clock;
  private final Timing timing;
  private final Limits limits;
  private final Attempts attempts;
  private final Causation causation;
  private final MeterRegistry meters;
  private final Counter claimConflicts;

  /** One virtual thread per remote delivery: re-claims, calls, concludes. */
  private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
      Thread.ofVirtual().name("reminder-delivery-", 0).factory());
  /** The channel calls themselves, on threads of their own, so a worker can stop waiting for one. */
  private final ExecutorService calls = Executors.newThreadPerTaskExecutor(
      Thread.ofVirtual().name("reminder-call-", 0).factory());
  /** Remote deliveries in flight, in all and per clinic (the latter also a gauge). */
  private final AtomicInteger delivering = new AtomicInteger();
  private final Map<Tenant, AtomicInteger> deliveringFor = new ConcurrentHashMap<>();
  /**
   * The reminders (store keys) this dispatcher claimed and has not concluded: delivering, or
   * delivered and waiting for the recorder. A round never takes one of them again, even if its
   * lease seems to have ended (the service clock was moved forward, or recording is slow): that
   * would be this dispatcher delivering it twice.
   */
  private final Set<String> deliveringKeys = ConcurrentHashMap.newKeySet();
  /** Claimed reminders not yet concluded: delivering, or delivered and waiting to be recorded. */
  private final AtomicInteger unfinished = new AtomicInteger();
  private final LinkedBlockingQueue<Delivered> toRecord = new LinkedBlockingQueue<>();
  private final Thread recorder;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private long changes;
  /** Until when (System.nanoTime) rounds pick at random: another dispatcher took a reminder this one chose. */
  private long contendedUntil = System.nanoTime();
  /** When the idle loop means to look again: a reminder planned due before then wakes it. */
  private volatile Instant wakeAt = Instant.EPOCH;
  private volatile boolean closed;

  public ReminderDispatch(String dispatcher, Reminders reminders, PreferencesStore preferences, EventStore events,
      List<ReminderChannel> channels, Clock clock, Timing timing, Limits limits, Attempts attempts,
      String serviceName, MeterRegistry meters) {
    this.dispatcher = dispatcher;
    this.reminders = reminders;
    this.preferences = preferences;
    this.events = events;
    channels.forEach(channel -> this.channels.put(channel.channel(), channel));
    this.clock = clock;
    this.timing = timing;
    this.limits = limits;
    this.attempts = attempts;
    this.causation = Causation.scheduled(serviceName, "reminder-dispatch");
    this.meters = meters;
    this.claimConflicts = Counter.builder("care.reminders.claim.conflicts")
        .description("Reminders chosen for a claim that were no longer takeable: another dispatcher took them "
            + "first, or they were cancelled meanwhile").register(meters);
    for (ReminderKind kind : ReminderKind.values()) { // exported from the start: rates and alerts see zero, not nothing
      fireDelay(kind.name());
    }
    this.recorder = Thread.ofVirtual().name("reminder-recorder-" + dispatcher).start(this::record);
  }

  /**
   * Dispatches until {@link #close()}: a claim round after another while rounds take reminders; when
   * one takes none, sleeps until the next reminder becomes takeable (its due time, retry time or the
   * end of another's lease), a delivery ends, {@link #planned} names an earlier due time, or
   * {@code poll} has passed, whichever comes first: an idle dispatcher asks the store once per wait,
   * not once per poll, and fires a reminder at its due time, not up to a poll later. {@code poll}
   * bounds what no signal here reaches: reminders another instance planned, a clock set forward.
   * {@code eachRound} runs before every round (the service refreshes its backlog gauge there).
   */
  public void run(int batch, Duration poll, Runnable eachRound) {
    while (!closed) {
      try {
        eachRound.run();
        long seen = changes();
        if (round(batch) == 0) {
          awaitChange(seen, untilNextTakeable(poll));
        }
      } catch (InterruptedException stopping) {
        return;
      } catch (RuntimeException e) {
        // the store is away: what was claimed comes back when its lease ends
        LOG.warnf("dispatch round failed, trying again in %s: %s", poll.multipliedBy(10), e.toString());
        try {
          awaitClosing(poll.multipliedBy(10));
        } catch (InterruptedException stopping) {
          return;
        }
      }
    }
  }

  /**
   * Claims up to {@code batch} due reminders, as many at a time as the limits allow, delivers them
   * and returns once every one is concluded (recorded sent, to be retried, or failed); answers how
   * many it claimed. For tests and tools; the service runs {@link #run}.
   */
  public int dispatchDue(int batch) {
    try {
      int claimed = 0;
      while (claimed < batch) {
        long seen = changes();
        int took = round(batch - claimed);
        claimed += took;
        if (took == 0) {
          if (unfinished.get() == 0 || closed) {
            break;
          }
          // until a delivery of this call's ends (a slot frees): what is due is what was due at the call
          awaitChange(seen, Duration.ofDays(1));
        }
      }
      awaitIdle();
      return claimed;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while dispatching", e);
    }
  }

  /**
   * Stops claiming, lets the deliveries in flight end (each within the delivery timeout), records
   * what they delivered, and stops.
   */
  @Override
  public void close() {
    closed = true;
    changed();
    synchronized (this) {
      // a round in progress has started its deliveries; later rounds take nothing
    }
    workers.close();
    calls.shutdownNow(); // only calls already abandoned after their timeout can be left
    toRecord.add(STOP);
    try {
      recorder.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Reminders were stored due from {@code earliestDue} on (this instance's planner): a sleeping loop
   * wakes now if it meant to sleep past that time.
   */
  public void planned(Instant earliestDue) {
    if (earliestDue.isBefore(wakeAt)) {
      changed();
    }
  }

  /**
   * How long an idle loop may sleep: until the next reminder becomes takeable, at most {@code poll}.
   * One already takeable but not taken (its clinic at its cap, the recorder behind) waits for a
   * delivery or a recording to end, which signals, or {@code poll}.
   */
  private Duration untilNextTakeable(Duration poll) {
    wakeAt = Instant.MAX; // reminders planned while the store is asked signal, and the wait below ends at once
    Instant now = clock.instant();
    Duration sleep = reminders.nextTakeable()
        .map(next -> Duration.between(now, next))
        .filter(untilNext -> untilNext.isPositive() && untilNext.compareTo(poll) < 0)
        .orElse(poll);
    wakeAt = now.plus(sleep);
    return sleep;
  }

  /** One claim round: what can start now is claimed and started; answers how many it claimed. */
  private synchronized int round(int max) {
    int room = Math.min(max, RECORDING_BACKLOG - toRecord.size());
    if (room <= 0 || closed) {
      return 0;
    }
    Instant now = clock.instant();
    Set<Tenant> atCap = new HashSet<>();
    deliveringFor.forEach((clinic, inFlight) -> {
      if (inFlight.get() >= limits.perClinic()) {
        atCap.add(clinic);
      }
    });
    List<Reminders.Candidate> candidates = candidates(now, room, atCap);
    if (candidates.isEmpty()) {
      return 0;
    }
    // choose before claiming: a remote delivery only where a slot is free for it now, so that no
    // claimed reminder waits for a slot while its lease runs
    Map<String, PreferencesStore.Stored> chosenBy = new HashMap<>(); // a patient's reminders often come together
    Map<Tenant, Integer> startingFor = new HashMap<>();
    int freeSlots = limits.concurrency() - delivering.get();
    List<Reminders.Candidate> taking = new ArrayList<>();
    for (Reminders.Candidate candidate : candidates) {
      if (deliveringKeys.contains(candidate.key())) {
        continue;
      }
      PreferencesStore.Stored chosen = chosenBy.computeIfAbsent(patientKey(candidate.tenant(), candidate.patientId()),
          key -> preferences.of(candidate.tenant(), PatientId.of(candidate.patientId())));
      if (channelFor(chosen).inProcess()) {
        taking.add(candidate);
        continue;
      }
      int starting = startingFor.getOrDefault(candidate.tenant(), 0);
      if (freeSlots > 0 && inFlight(candidate.tenant()).get() + starting < limits.perClinic()) {
        taking.add(candidate);
        freeSlots--;
        startingFor.put(candidate.tenant(), starting + 1);
      }
      // otherwise it stays due for a round with a slot for it
    }
    Reminders.Claim claim = reminders.take(dispatcher, taking, now, timing.lease());
    int lost = taking.size() - claim.reminders().size();
    if (lost > 0) {
      claimConflicts.increment(lost);
      contendedUntil = System.nanoTime() + CONTENTION_REMEMBERED.toNanos();
    }
    List<Reminders.StoredReminder> inProcess = new ArrayList<>();
    for (Reminders.StoredReminder reminder : claim.reminders()) {
      unfinished.incrementAndGet();
      deliveringKeys.add(storeKey(reminder));
      PreferencesStore.Stored chosen = chosenBy.computeIfAbsent(patientKey(reminder.tenant(), reminder.patientId()),
          key -> preferences.of(reminder.tenant(), PatientId.of(reminder.patientId())));
      ReminderChannel channel = channelFor(chosen);
      if (channel.inProcess()) {
        inProcess.add(reminder);
      } else {
        inFlight(reminder.tenant()).incrementAndGet();
        delivering.incrementAndGet();
        workers.execute(() -> deliverRemote(claim, reminder, chosen, channel));
      }
    }
    for (Reminders.StoredReminder reminder : inProcess) {
      PreferencesStore.Stored chosen = chosenBy.get(patientKey(reminder.tenant(), reminder.patientId()));
      boolean recording = false;
      try {
        recording = conclude(claim, reminder, chosen, attempt(channelFor(chosen), reminder, chosen));
      } catch (RuntimeException e) {
        LOG.warnf("reminder %s not concluded, fired again when its lease ends: %s", reminder.reminderId(), e);
      } finally {
        if (!recording) {
          concluded(reminder);
        }
      }
    }
    return claim.reminders().size();
  }

  /**
   * Up to {@code room} reminders to choose from: the oldest due, or, while other dispatchers contend
   * for them, {@code room} at random of the oldest {@link Limits#contendedWindow()} rounds' worth.
   */
  private List<Reminders.Candidate> candidates(Instant now, int room, Set<Tenant> atCap) {
    if (limits.contendedWindow() == 1 || System.nanoTime() - contendedUntil >= 0) {
      return reminders.due(now, room, atCap);
    }
    List<Reminders.Candidate> window = new ArrayList<>(reminders.due(now, room * limits.contendedWindow(), atCap));
    Collections.shuffle(window, ThreadLocalRandom.current());
    return window.subList(0, Math.min(room, window.size()));
  }

  /** A remote delivery, on its own virtual thread. */
  private void deliverRemote(Reminders.Claim claim, Reminders.StoredReminder reminder, PreferencesStore.Stored chosen,
      ReminderChannel channel) {
    boolean recording = false;
    try {
      // re-claim just before sending: the lease then runs a full lease from now, at least twice
      // the longest this delivery may take; and a claim that is no longer ours sends nothing
      if (!reminders.renew(claim, reminder, clock.instant(), timing.lease())) {
        leaseLost("before-send");
        return;
      }
      recording = conclude(claim, reminder, chosen, attempt(channel, reminder, chosen));
    } catch (RuntimeException e) {
      LOG.warnf("reminder %s not concluded, fired again when its lease ends: %s", reminder.reminderId(), e);
    } finally {
      inFlight(reminder.tenant()).decrementAndGet();
      delivering.decrementAndGet();
      if (!recording) {
        concluded(reminder);
      } else {
        changed(); // a slot is free
      }
    }
  }

  /** One attempt, bounded by the delivery timeout; empty when delivered, else why it failed. */
  private Optional<String> attempt(ReminderChannel channel, Reminders.StoredReminder reminder,
      PreferencesStore.Stored chosen) {
    if (channel.inProcess()) {
      try {
        channel.deliver(reminder, chosen);
        return Optional.empty();
      } catch (RuntimeException e) {
        return Optional.of(failureOf(e));
      }
    }
    Future<?> call = calls.submit(() -> channel.deliver(reminder, chosen));
    try {
      call.get(timing.deliveryTimeout().toNanos(), TimeUnit.NANOSECONDS);
      return Optional.empty();
    } catch (TimeoutException e) {
      // abandoned: the receiver may still get it, so it counts as an attempt and is retried later
      call.cancel(true);
      Counter.builder("care.reminders.delivery.timeouts").description("Deliveries abandoned after the delivery timeout")
          .tag("channel", chosen.channel().name()).register(meters).increment();
      return Optional.of("the delivery took longer than " + timing.deliveryTimeout().toMillis()
          + " ms (reminders.delivery.timeout)");
    } catch (ExecutionException e) {
      return Optional.of(failureOf(e.getCause()));
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      return Optional.of("the dispatcher was interrupted during the delivery");
    }
  }

  private static String failureOf(Throwable failure) {
    return failure instanceof ReminderChannel.DeliveryFailedException ? failure.getMessage()
        : "the channel failed: " + failure;
  }

  /**
   * Buckets up to 10 minutes: Micrometer's default stops at 30 s, where a p99 beyond it reads as
   * 30 s and the alert on more than 30 s (care-alerts.yaml) could never fire.
   */
  private Timer fireDelay(String kind) {
    return Timer.builder("care.reminders.fire.delay").description("From due to delivered").tag("kind", kind)
        .publishPercentileHistogram().maximumExpectedValue(Duration.ofMinutes(10)).register(meters);
  }

  /**
   * Concludes an attempt: a delivered reminder goes to the recorder (answers true: the recorder
   * finishes it); a failed one is given back to be retried later, or after the last attempt
   * recorded as failed, in both cases only while the claim is still this dispatcher's.
   */
  private boolean conclude(Reminders.Claim claim, Reminders.StoredReminder reminder, PreferencesStore.Stored chosen,
      Optional<String> failure) {
    String kind = reminder.kind().name();
    String channel = chosen.channel().name();
    PatientId patient = PatientId.of(reminder.patientId());
    if (failure.isEmpty()) {
      Instant sentAt = clock.instant();
      Counter.builder("care.reminders.fired").description("Reminders delivered").tag("kind", kind)
          .tag("channel", channel).register(meters).increment();
      fireDelay(kind).record(Duration.between(reminder.dueAt(), sentAt));
      toRecord.add(new Delivered(claim, reminder, new ReminderSent(reminder.reminderId(), reminder.planId(), patient,
          reminder.kind(), chosen.channel(), reminder.dueAt(), sentAt, reminder.attempts())));
      return true;
    }
    if (reminder.attempts() < attempts.max()) {
      if (reminders.retryLater(claim, reminder, clock.instant().plus(attempts.before(reminder.attempts())),
          failure.get())) {
        Counter.builder("care.reminders.retried").description("Deliveries to be tried again").tag("kind", kind)
            .tag("channel", channel).register(meters).increment();
      } else {
        leaseLost("finish");
      }
      return false;
    }
    // the last attempt: re-claimed first, so that a dispatcher that lost its reminder records no
    // failure of what another delivered, and nobody takes it over between the record and the mark
    if (!reminders.renew(claim, reminder, clock.instant(), timing.lease())) {
      leaseLost("finish");
      return false;
    }
    recordFailure(reminder, new ReminderFailed(reminder.reminderId(), reminder.planId(), patient, reminder.kind(),
        chosen.channel(), reminder.dueAt(), reminder.attempts(), failure.get()));
    if (reminders.finish(claim, reminder, Reminders.Status.FAILED, clock.instant())) {
      Counter.builder("care.reminders.failed").description("Reminders not delivered").tag("kind", kind)
          .tag("channel", channel).register(meters).increment();
    } else {
      leaseLost("finish");
    }
    return false;
  }

  private void recordFailure(Reminders.StoredReminder reminder, ReminderFailed failed) {
    try {
      events.append(StreamHead.newStream(reminder.tenant(), "reminder-failed-" + reminder.reminderId()),
          List.of(failed), causation);
    } catch (ConcurrencyConflictException recordedBefore) {
      // failed for good once already, by a dispatcher that crashed before marking it
    }
  }

  /** The recorder thread: records delivered reminders as they come, in groups, until {@link #STOP}. */
  private void record() {
    List<Delivered> group = new ArrayList<>();
    while (true) {
      try {
        group.add(toRecord.take());
      } catch (InterruptedException e) {
        return;
      }
      toRecord.drainTo(group, RECORD_AT_ONCE - 1);
      boolean stop = group.getLast() == STOP; // put last of all, after every delivery ended
      if (stop) {
        group.removeLast();
      }
      try {
        record(group);
      } catch (RuntimeException e) {
        LOG.errorf(e, "recording delivered reminders failed");
      }
      group.clear();
      if (stop) {
        return;
      }
    }
  }

  /**
   * One commit of ReminderSent per clinic, then the reminders marked sent, one write per claim
   * (only those whose claim is still this dispatcher's).
   */
  private void record(List<Delivered> delivered) {
    Map<Tenant, List<Delivered>> byClinic = new LinkedHashMap<>();
    delivered.forEach(d -> byClinic.computeIfAbsent(d.reminder().tenant(), clinic -> new ArrayList<>()).add(d));
    byClinic.forEach((clinic, recorded) -> {
      try {
        events.append(StreamHead.newStream(clinic, "reminders-sent-" + UUID.randomUUID()),
            recorded.stream().map(Delivered::sent).toList(), causation);
        Map<String, List<Delivered>> byClaim = new LinkedHashMap<>();
        recorded.forEach(d -> byClaim.computeIfAbsent(d.claim().token(), token -> new ArrayList<>()).add(d));
        Instant now = clock.instant();
        for (List<Delivered> claimed : byClaim.values()) {
          long marked = reminders.finishSent(claimed.getFirst().claim(),
              claimed.stream().map(Delivered::reminder).toList(), now);
          for (long lost = claimed.size() - marked; lost > 0; lost--) {
            leaseLost("finish");
          }
        }
      } catch (RuntimeException e) {
        LOG.warnf("%d reminders of clinic %s delivered but not recorded or marked; fired again when their lease "
            + "ends: %s", recorded.size(), clinic.id(), e.toString());
      } finally {
        recorded.forEach(d -> concluded(d.reminder()));
      }
    });
  }

  /** Done with a reminder claimed in a round: recorded, given back, or left for its lease to end. */
  private void concluded(Reminders.StoredReminder reminder) {
    deliveringKeys.remove(storeKey(reminder));
    finished();
  }

  private ReminderChannel channelFor(PreferencesStore.Stored chosen) {
    ReminderChannel channel = channels.get(chosen.channel());
    return channel != null ? channel : new ReminderChannel() {
      @Override
      public Channel channel() {
        return chosen.channel();
      }

      @Override
      public void deliver(Reminders.StoredReminder reminder, PreferencesStore.Stored preferences) {
        throw new DeliveryFailedException("this service has no " + chosen.channel() + " channel");
      }

      @Override
      public boolean inProcess() {
        return true;
      }
    };
  }

  /** This dispatcher's remote deliveries in flight for {@code clinic}, shown as a gauge per clinic. */
  private AtomicInteger inFlight(Tenant clinic) {
    return deliveringFor.computeIfAbsent(clinic, c -> {
      AtomicInteger count = new AtomicInteger();
      Gauge.builder("care.reminders.in.flight", count, AtomicInteger::get)
          .description("Remote reminder deliveries in flight, per clinic (at most reminders.dispatcher.per-clinic)")
          .tag("clinic", c.id()).register(meters);
      return count;
    });
  }

  private void leaseLost(String at) {
    Counter.builder("care.reminders.lease.lost")
        .description("Claims found taken over by another dispatcher after their lease ended; nothing written over it")
        .tag("at", at).register(meters).increment();
  }

  /** The reminder's key in the store, as {@link Reminders.Candidate#key()} carries it. */
  private static String storeKey(Reminders.StoredReminder reminder) {
    return reminder.tenant().id() + "/" + reminder.reminderId();
  }

  private static String patientKey(Tenant tenant, String patientId) {
    return tenant.id() + "/" + patientId;
  }

  private void finished() {
    unfinished.decrementAndGet();
    changed();
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

  /** Waits until something changed since {@code seen} (a delivery ended, closing), at most {@code max}. */
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

  private void awaitClosing(Duration max) throws InterruptedException {
    lock.lock();
    try {
      long nanos = max.toNanos();
      while (nanos > 0 && !closed) {
        nanos = changed.awaitNanos(nanos);
      }
    } finally {
      lock.unlock();
    }
  }

  private void awaitIdle() throws InterruptedException {
    lock.lock();
    try {
      while (unfinished.get() > 0) {
        changed.await();
      }
    } finally {
      lock.unlock();
    }
  }
}
