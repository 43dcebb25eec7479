package care.thoracic.eventsourcing;

import static org.awaitility.Awaitility.await;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.ExerciseLog;
import care.thoracic.contracts.clinical.SessionSymptom;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.contracts.events.Topic;
import care.thoracic.eventsourcing.crypto.PatientKeys;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.eventsourcing.outbox.EventPublisher;
import care.thoracic.eventsourcing.outbox.KafkaEventPublisher;
import care.thoracic.eventsourcing.outbox.OutboxRelay;
import care.thoracic.eventsourcing.outbox.RelayLease;
import care.thoracic.eventsourcing.store.Causation;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.eventsourcing.testing.TestPatientKeys;
import care.thoracic.testkit.TestEvents;
import care.thoracic.testkit.TestKafka;
import care.thoracic.testkit.TestMongo;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Shared set-up for the kit's tests: each test gets its own database and tenant on the JVM's broker and store. */
final class Kit {
  static final Causation BY_TEST = new Causation("corr-kit", "req-kit", Actor.user("dr-test"));
  /** The key vault as the services have it: the JVM's store, the JVM's key-encryption key. */
  static final PatientKeys KEYS = TestPatientKeys.on(TestMongo.client());
  static final PatientPayloads PAYLOADS = new PatientPayloads(KEYS);

  private Kit() {}

  static MongoDatabase freshDatabase() {
    return TestMongo.client().getDatabase("kit-" + UUID.randomUUID().toString().substring(0, 8));
  }

  static Tenant freshTenant() {
    return Tenant.of("t-" + UUID.randomUUID().toString().substring(0, 8));
  }

  static EventStore store(MongoDatabase database) {
    EventStore store = new EventStore(database, Clock.systemUTC(), Clock.systemUTC(), PAYLOADS);
    store.ensureIndexes();
    return store;
  }

  static SessionLogged session(UUID planId, String patient, int day, int painAfter, SessionSymptom... symptoms) {
    return new SessionLogged(UUID.randomUUID(), planId, PatientId.of(patient), LocalDate.of(2026, 11, 1).plusDays(day),
        List.of(new ExerciseLog("diaphragmatic-breathing", 3, 10, null, null)), Math.min(10, painAfter + 1), painAfter,
        Set.of(symptoms), null);
  }

  static KafkaEventPublisher kafkaPublisher() {
    // the kit's sessions are published as progress-service publishes them: its principal, its ce_source
    return new KafkaEventPublisher(TestKafka.bootstrapServers(), "progress-service",
        TestKafka.securitySettings("progress-service"));
  }

  static OutboxRelay relay(EventStore store, MongoDatabase database, String owner, EventPublisher publisher,
      Duration leaseTtl) {
    return relay(store, database, owner, publisher, leaseTtl, Duration.ofMillis(50));
  }

  static OutboxRelay relay(EventStore store, MongoDatabase database, String owner, EventPublisher publisher,
      Duration leaseTtl, Duration pollInterval) {
    return new OutboxRelay(store, new RelayLease(database, owner, leaseTtl, Clock.systemUTC()), publisher,
        new OutboxRelay.Settings(200, pollInterval, Duration.ofMillis(500)), Clock.systemUTC(),
        new SimpleMeterRegistry());
  }

  /** Waits until the store has nothing left to publish, then reads the topic to its end: this tenant's records, in partition order. */
  static List<ConsumerRecord<String, byte[]>> publishedRecords(EventStore store, Topic topic, Tenant tenant) {
    await().atMost(Duration.ofSeconds(60)).until(() -> store.pending(1).isEmpty());
    return TestEvents.readToEnd(topic, tenant);
  }

}
