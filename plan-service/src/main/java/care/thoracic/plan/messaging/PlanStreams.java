package care.thoracic.plan.messaging;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.cloudevents.CloudEventCodec;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.PlanEvent;
import care.thoracic.eventsourcing.decider.EventSourcedRepository;
import care.thoracic.eventsourcing.messaging.EventConsumer;
import care.thoracic.plan.domain.CarePlan;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
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
 * instance reads every plan event (its own consumer group) and has the plan's subscribers catch up.
 */
@ApplicationScoped
public class PlanStreams {
  private static final Logger LOG = Logger.getLogger(PlanStreams.class);

  /** What a subscriber receives: a plan event at its stream version, or a heartbeat. */
  public sealed interface Item permits PlanEventItem, Heartbeat {}

  public record PlanEventItem(long version, String type, String json) implements Item {}

  public record Heartbeat() implements Item {}

  private final Map<String, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();
  // catching up reads the store: never on the consumer's or the HTTP event loop's thread
  private final ExecutorService catchUps = Executors.newVirtualThreadPerTaskExecutor();

  @Inject EventSourcedRepository<CarePlan.Command, PlanEvent, CarePlan.State> carePlans;
  @Inject EventConsumer consumer;

  /** The plan's events after version {@code after}, then each new one as it is stored, until cancelled. */
  public Multi<Item> follow(Tenant tenant, UUID planId, long after) {
    String key = key(tenant, planId);
    return Multi.createFrom().emitter(emitter -> {
      Subscriber subscriber = new Subscriber(tenant, planId, after, emitter);
      subscribers.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(subscriber);
      emitter.onTermination(() -> subscribers.computeIfPresent(key, (k, set) -> {
        set.remove(subscriber);
        return set.isEmpty() ? null : set;
      }));
      catchUps.submit(subscriber::catchUp); // registered first, so nothing stored meanwhile is missed
    });
  }

  @Incoming("plan-stream")
  @Blocking
  public CompletionStage<Void> onPlanEvent(Message<byte[]> message) {
    return consumer.process(message, this::wake);
  }

  void wake(EventEnvelope<CareEvent> envelope) {
    if (envelope.event() instanceof PlanEvent event) {
      for (Subscriber subscriber : subscribers.getOrDefault(key(envelope.tenant(), event.planId()), Set.of())) {
        catchUps.submit(subscriber::catchUp);
      }
    }
  }

  @Scheduled(every = "${plan.stream.heartbeat-every:15s}")
  void heartbeat() {
    subscribers.values().forEach(set -> set.forEach(s -> s.emitter.emit(new Heartbeat())));
  }

  private static String key(Tenant tenant, UUID planId) {
    return tenant.id() + "/" + planId;
  }

  private final class Subscriber {
    private final Tenant tenant;
    private final UUID planId;
    private final MultiEmitter<? super Item> emitter;
    private long sent;

    Subscriber(Tenant tenant, UUID planId, long after, MultiEmitter<? super Item> emitter) {
      this.tenant = tenant;
      this.planId = planId;
      this.sent = after;
      this.emitter = emitter;
    }

    synchronized void catchUp() {
      if (emitter.isCancelled()) {
        return;
      }
      try {
        for (EventEnvelope<PlanEvent> envelope : carePlans.load(tenant, CarePlan.streamId(planId)).events()) {
          long version = envelope.metadata().streamVersion();
          if (version > sent) {
            emitter.emit(new PlanEventItem(version, envelope.type().ceType(),
                new String(CloudEventCodec.toJson(envelope.event()), StandardCharsets.UTF_8)));
            sent = version;
          }
        }
      } catch (RuntimeException e) { // the store is away: the next wake-up or heartbeat-triggered reconnect retries
        LOG.warnf(e, "plan stream %s could not catch up after version %d", planId, sent);
      }
    }
  }
}
