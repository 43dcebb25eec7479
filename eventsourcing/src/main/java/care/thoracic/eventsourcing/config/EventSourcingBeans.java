package care.thoracic.eventsourcing.config;

import care.thoracic.eventsourcing.crypto.KeyEncryptionKey;
import care.thoracic.eventsourcing.crypto.PatientKeys;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.eventsourcing.outbox.KafkaEventPublisher;
import care.thoracic.eventsourcing.outbox.OutboxRelay;
import care.thoracic.eventsourcing.outbox.RelayLease;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.eventsourcing.time.AdjustableClock;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Wires the plain-Java kit into a Quarkus service: one store, one relay, one clock. */
@Singleton
public class EventSourcingBeans {
  private static final Logger LOG = Logger.getLogger(EventSourcingBeans.class);

  @Produces
  @Singleton
  @Typed(AdjustableClock.class)
  AdjustableClock adjustableClock(CareConfig config) {
    AdjustableClock clock = new AdjustableClock(Clock.systemUTC());
    if (config.clock().adjustable()) {
      LOG.warn("care.clock.adjustable=true: PUT /admin/clock can move this service's time (never in production)");
      config.clock().offset().ifPresent(clock::setOffset);
    } else if (config.clock().offset().isPresent()) {
      throw new IllegalStateException("care.clock.offset needs care.clock.adjustable=true (dev and test only)");
    }
    return clock;
  }

  /** The clock every service reads its time from. */
  @Produces
  @Singleton
  Clock clock(AdjustableClock clock) {
    return clock;
  }

  @Produces
  @Singleton
  MongoDatabase database(MongoClient client, CareConfig config) {
    return client.getDatabase(config.store().database());
  }

  /** The deployment's key-encryption key: it wraps the patients' data keys and seals the clinics' secrets. */
  @Produces
  @Singleton
  KeyEncryptionKey keyEncryptionKey(CareConfig config) {
    return KeyEncryptionKey.fromBase64(config.crypto().kek());
  }

  @Produces
  @Singleton
  PatientKeys patientKeys(MongoClient client, CareConfig config, KeyEncryptionKey kek) {
    CareConfig.Crypto crypto = config.crypto();
    return new PatientKeys(client.getDatabase(crypto.keyDatabase()), kek, crypto.keyCacheTtl(), Clock.systemUTC());
  }

  @Produces
  @Singleton
  PatientPayloads patientPayloads(PatientKeys keys) {
    return new PatientPayloads(keys);
  }

  @Produces
  @Singleton
  EventStore eventStore(MongoDatabase database, Clock clock, PatientPayloads payloads, MeterRegistry meters) {
    EventStore store = new EventStore(database, clock, Clock.systemUTC(), payloads);
    store.ensureIndexes();
    store.onAppend(commit -> commit.events().forEach(e ->
        Counter.builder("care.events.appended").tag("type", e.type().ceType()).register(meters).increment()));
    return store;
  }

  @Produces
  @Singleton
  OutboxRelay outboxRelay(EventStore store, MongoDatabase database, CareConfig config, MeterRegistry meters,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, Config all) {
    CareConfig.Outbox outbox = config.outbox();
    String owner = config.serviceName() + "@" + hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> producer = new HashMap<>(brokerSecurity(all));
    producer.putAll(outbox.kafka());
    return new OutboxRelay(store, new RelayLease(database, owner, outbox.leaseTtl(), Clock.systemUTC()),
        new KafkaEventPublisher(bootstrapServers, config.serviceName(), producer),
        new OutboxRelay.Settings(outbox.batchSize(), outbox.pollInterval(), outbox.maxBackoff()), Clock.systemUTC(),
        meters);
  }

  void start(@Observes StartupEvent startup, CareConfig config, OutboxRelay relay, EventStore store) {
    if (config.outbox().enabled()) {
      relay.start();
    }
    // what was stored in the clear before payloads were sealed is sealed in place, once, in the background
    Thread.ofVirtual().name("seal-clear-commits").start(() -> {
      try {
        long sealed = store.sealClearCommits();
        if (sealed > 0) {
          LOG.infof("sealed %d commits stored in the clear before payloads were sealed", sealed);
        }
      } catch (RuntimeException e) {
        LOG.errorf(e, "sealing the commits stored in the clear failed; it is tried again at the next start");
      }
    });
  }

  void stop(@Observes ShutdownEvent shutdown, OutboxRelay relay) {
    relay.close();
  }

  /**
   * The service's credentials on the broker, as every channel gets them ({@code kafka.security.*},
   * {@code kafka.sasl.*}, {@code kafka.ssl.*}): the relay publishes as the service, under its ACLs.
   */
  private static Map<String, String> brokerSecurity(Config all) {
    Map<String, String> security = new HashMap<>();
    for (String name : all.getPropertyNames()) {
      // kafka.sasl.jaas.config, or KAFKA_SASL_JAAS_CONFIG from the environment (as Quarkus reads both)
      String key = name.toLowerCase(Locale.ROOT).replace('_', '.');
      if (key.startsWith("kafka.security.") || key.startsWith("kafka.sasl.") || key.startsWith("kafka.ssl.")) {
        all.getOptionalValue(name, String.class).ifPresent(value -> security.put(key.substring("kafka.".length()),
            value));
      }
    }
    return security;
  }

  private static String hostName() {
    String fromEnv = System.getenv("HOSTNAME");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }
}
