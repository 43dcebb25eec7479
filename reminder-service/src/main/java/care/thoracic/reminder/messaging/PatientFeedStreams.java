package care.thoracic.reminder.messaging;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.eventsourcing.messaging.EventConsumer;
import care.thoracic.reminder.domain.FeedEntry;
import care.thoracic.reminder.store.PatientFeed;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Live patient feeds (SSE). The store is the only source of what is sent: each subscriber reads the
 * entries after the last one it sent, in order, so a resumed subscription has no gap and no
 * duplicate. An entry written on this instance wakes the patient's subscribers at once. Entries
 * written by another instance (it holds that partition) are found by a wake-up of its own: every
 * instance reads the feed's topics in a consumer group of its own, from the newest, only to learn
 * which patients may have something new, and reads their feeds now and again a moment later (the
 * owner may not have written the entry yet). The heartbeat reads every subscriber's feed as well,
 * the backstop for whatever both missed.
 */
@ApplicationScoped
public class PatientFeedStreams {
  private static final Logger LOG = Logger.getLogger(PatientFeedStreams.class);
  /** Entries read in one go while a subscriber catches up. */
  private static final int READ_AT_ONCE = 100;
  /**
   * Items a stream holds for a reader that does not read (a stalled socket): entries are read only
   * as the reader asks for them, so this holds heartbeats and the odd race; a stream past it fails,
   * and the app resumes from the last id it had.
   */
  private static final int UNREAD_AT_MOST = 256;

  /** What a subscriber receives: a feed entry, or a heartbeat. */
  public sealed interface Item permits EntryItem, Heartbeat {}

  public record EntryItem(FeedEntry entry) implements Item {}

  public record Heartbeat() implements Item {}

  private final Map<String, Set<Subscriber>> subscribersByPatient = new ConcurrentHashMap<>();
  // catching up reads the store: never on the consumer's or the HTTP event loop's thread
  private final ExecutorService catchUps = Executors.newVirtualThreadPerTaskExecutor();

  @Inject PatientFeed feed;
  @Inject EventConsumer consumer;

  /** The patient's entries after {@code after}, then each new one as it is written, until cancelled. */
  public Multi<Item> follow(Tenant tenant, PatientId patient, long after) {
    String key = key(tenant, patient);
    return Multi.createFrom().<Item>emitter(emitter -> {
      Subscriber subscriber = new Subscriber(tenant, patient, after, emitter);
      // joined and left in one atomic step each, so a stream opening as the patient's last one closes
      // never joins a set that has just left the map
      subscribersByPatient.compute(key, (k, existing) -> {
        Set<Subscriber> joined = existing != null ? existing : ConcurrentHashMap.newKeySet();
        joined.add(subscriber);
        return joined;
      });
      emitter.onTermination(() -> subscribersByPatient.computeIfPresent(key, (k, left) -> {
        left.remove(subscriber);
        return left.isEmpty() ? null : left;
      }));
      emitter.onRequest(more -> subscriber.wake()); // a reader that caught up with its socket wants more
      subscriber.wake(); // registered first, so nothing written meanwhile is missed
    }, UNREAD_AT_MOST);
  }

  /** The wait before a patient's feed is read a second time after an event another instance numbers. */
  private static final Duration OTHER_WRITER_GRACE = Duration.ofMillis(500);

  @Incoming("feed-wake")
  @Blocking
  public CompletionStage<Void> onFeedEvent(Message<byte[]> message) {
    return consumer.process(message, envelope -> {
      Tenant tenant = envelope.tenant();
      PatientId patient = envelope.event().patientId();
      if (subscribersByPatient.containsKey(key(tenant, patient))) {
        wake(tenant, patient);
        catchUps.submit(() -> {
          Thread.sleep(OTHER_WRITER_GRACE);
          wake(tenant, patient);
          return null;
        });
      }
    });
  }

  /** Something was written to the patient's feed on this instance. */
  public void wake(Tenant tenant, PatientId patient) {
    Set<Subscriber> subscribers = subscribersByPatient.get(key(tenant, patient));
    if (subscribers != null) {
      subscribers.forEach(Subscriber::wake);
    }
  }

  @Inject
  void countOpenStreams(MeterRegistry meters) {
    Gauge.builder("care.feed.streams.open", subscribersByPatient,
            subscribers -> subscribers.values().stream().mapToInt(Set::size).sum())
        .description("Patient feed streams open on this instance").register(meters);
  }

  /**
   * A heartbeat to every subscriber, and a catch-up for those whose feed moved past what they were
   * sent (entries both wake-ups missed): one read of the followed feeds' heads, in batches, so a
   * quiet heartbeat costs a few queries, not one read per open stream.
   */
  @Scheduled(every = "${reminders.feed.heartbeat-every:15s}")
  void heartbeat() {
    subscribersByPatient.values().forEach(subscribers -> subscribers.forEach(subscriber -> {
      if (subscriber.emitter.requested() > 0) { // a reader that reads nothing gets no heartbeats piled up
        subscriber.emitter.emit(new Heartbeat());
      }
    }));
    try {
      Map<String, Long> heads = feed.headsOf(subscribersByPatient.keySet());
      heads.forEach((patientKey, head) -> subscribersByPatient.getOrDefault(patientKey, Set.of()).stream()
          .filter(subscriber -> subscriber.sent < head).forEach(Subscriber::wake));
    } catch (RuntimeException e) { // the store is away: the next heartbeat looks again
      LOG.warnf(e, "the heads of %d followed feeds could not be read", subscribersByPatient.size());
    }
  }

  private static String key(Tenant tenant, PatientId patient) {
    return PatientFeed.patientKey(tenant, patient);
  }

  private final class Subscriber {
    private final Tenant tenant;
    private final PatientId patient;
    private final MultiEmitter<? super Item> emitter;
    /** Wake-ups not yet served: one catch-up runs at a time and runs again if woken meanwhile. */
    private final AtomicInteger wakeUps = new AtomicInteger();
    private volatile long sent;

    Subscriber(Tenant tenant, PatientId patient, long after, MultiEmitter<? super Item> emitter) {
      this.tenant = tenant;
      this.patient = patient;
      this.sent = after;
      this.emitter = emitter;
    }

    void wake() {
      if (wakeUps.getAndIncrement() == 0) {
        catchUps.submit(this::drain);
      }
    }

    private void drain() {
      int served = 1;
      do {
        catchUp();
        served = wakeUps.addAndGet(-served);
      } while (served != 0);
    }

    private void catchUp() {
      try {
        List<FeedEntry> read;
        int wanted;
        do {
          // only what the reader asked for: a slow reader is not buffered a whole feed
          wanted = (int) Math.min(READ_AT_ONCE, emitter.requested());
          if (emitter.isCancelled() || wanted <= 0) {
            return;
          }
          read = feed.after(tenant, patient, sent, wanted);
          for (FeedEntry entry : read) {
            emitter.emit(new EntryItem(entry));
            sent = entry.sequence();
          }
        } while (read.size() == wanted);
      } catch (RuntimeException e) { // the store is away: the next wake-up, or the app reconnecting, reads again
        LOG.warnf(e, "the feed of patient %s could not be read after %d", patient.value(), sent);
      }
    }
  }
}
