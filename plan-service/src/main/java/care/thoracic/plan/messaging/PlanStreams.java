package care.thoracic.plan.messaging;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.cloudevents.CloudEventCodec;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.PlanEvent;
import care.thoracic.eventsourcing.messaging.EventConsumer;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.eventsourcing.store.LoadedStream;
import care.thoracic.eventsourcing.store.StreamHead;
import care.thoracic.plan.domain.CarePlan;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Live plan subscriptions (SSE). The event store is the only source of what is sent: a subscriber
 * gets every event after the version it last saw, read from the store, in version order, so a
 * resumed subscription has no gap and no duplicate. Kafka only wakes subscribers up: every
 * instance reads every plan event (its own consumer group) and has the plan's feed catch up.
 *
 * <p>A plan followed by several subscribers (the patient's devices, the clinic's clinicians) has
 * one feed on this instance, which keeps the stream head it last read and reads each new commit
 * once for all of them: a wake-up costs one short read, not one full read per subscriber.
 */
@ApplicationScoped
public class PlanStreams {
  private static final Logger LOG = Logger.getLogger(PlanStreams.class);

  /** What a subscriber receives: a plan event at its stream version, or a heartbeat. */
  public sealed interface Item permits PlanEventItem, Heartbeat {}

  public record PlanEventItem(long version, String type, String json) implements Item {}

  public record Heartbeat() implements Item {}

  private final Map<String, PlanFeed> feeds = new ConcurrentHashMap<>();
  // catching up reads the store: never on the consumer's or the HTTP event loop's thread
  private final ExecutorService catchUps = Executors.newVirtualThreadPerTaskExecutor();

  @Inject EventStore store;
  @Inject EventConsumer consumer;

  /** The plan's events after version {@code after}, then each new one as it is stored, until cancelled. */
  public Multi<Item> follow(Tenant tenant, UUID planId, long after) {
    String key = key(tenant, planId);
    return Multi.createFrom().emitter(emitter -> {
      Subscriber subscriber = new Subscriber(after, emitter);
      PlanFeed feed = feeds.compute(key, (k, existing) -> {
        PlanFeed joined = existing != null ? existing : new PlanFeed(tenant, planId);
        joined.subscribers.add(subscriber);
        return joined;
      });
      emitter.onTermination(() -> feeds.computeIfPresent(key, (k, left) -> {
        left.subscribers.remove(subscriber);
        return left.subscribers.isEmpty() ? null : left;
      }));
      catchUps.submit(feed::readAll); // joined first, so nothing stored meanwhile is missed
    });
  }

  @Incoming("plan-stream")
  @Blocking
  public CompletionStage<Void> onPlanEvent(Message<byte[]> message) {
    return consumer.process(message, this::wake);
  }

  void wake(EventEnvelope<CareEvent> envelope) {
    if (envelope.event() instanceof PlanEvent event) {
      PlanFeed feed = feeds.get(key(envelope.tenant(), event.planId()));
      if (feed != null) {
        catchUps.submit(feed::readNew);
      }
    }
  }

  @Scheduled(every = "${plan.stream.heartbeat-every:15s}")
  void heartbeat() {
    feeds.values().forEach(feed -> feed.subscribers.forEach(s -> s.emitter.emit(new Heartbeat())));
  }

  private static String key(Tenant tenant, UUID planId) {
    return tenant.id() + "/" + planId;
  }

  /** One plan as followed on this instance; reads run one at a time, so each subscriber's events stay in order. */
  private final class PlanFeed {
    private final Tenant tenant;
    private final UUID planId;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private StreamHead head; // what was last read; null until the first full read

    PlanFeed(Tenant tenant, UUID planId) {
      this.tenant = tenant;
      this.planId = planId;
    }

    /** For a new subscriber, who may be far behind: the whole stream, offered to every subscriber. */
    synchronized void readAll() {
      read(null);
    }

    synchronized void readNew() {
      read(head);
    }

    private void read(StreamHead after) {
      try {
        LoadedStream read = after == null ? store.load(tenant, CarePlan.streamId(planId)) : store.loadAfter(after);
        head = read.head();
        subscribers.forEach(subscriber -> subscriber.offer(read.events()));
      } catch (RuntimeException e) { // the store is away: the next wake-up, or the app reconnecting, reads again
        LOG.warnf(e, "plan stream %s could not be read after %s", planId, after);
      }
    }
  }

  private static final class Subscriber {
    private final MultiEmitter<? super Item> emitter;
    private long sent;

    Subscriber(long after, MultiEmitter<? super Item> emitter) {
      this.sent = after;
      this.emitter = emitter;
    }

    /**
     * Sends the events that continue what this subscriber has, and stops at a gap: a subscriber
     * that joined after the feed's last read gets the missing events from the full read its
     * joining asked for, which comes next.
     */
    void offer(List<EventEnvelope<CareEvent>> events) {
      for (EventEnvelope<CareEvent> envelope : events) {
        long version = envelope.metadata().streamVersion();
        if (emitter.isCancelled() || version > sent + 1) {
          return;
        }
        if (version == sent + 1) {
          emitter.emit(new PlanEventItem(version, envelope.type().ceType(),
              new String(CloudEventCodec.toJson(envelope.event()), StandardCharsets.UTF_8)));
          sent = version;
        }
      }
    }
  }
}
