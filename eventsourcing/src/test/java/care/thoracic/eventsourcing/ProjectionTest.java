package care.thoracic.eventsourcing;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.SessionSymptom;
import care.thoracic.contracts.cloudevents.PoisonEventException;
import care.thoracic.contracts.events.Topic;
import care.thoracic.eventsourcing.messaging.IncomingEvents;
import care.thoracic.eventsourcing.outbox.OutboxRelay;
import care.thoracic.eventsourcing.projection.Projector;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.eventsourcing.store.StreamHead;
import care.thoracic.testkit.RequiresTestInfra;
import com.mongodb.client.MongoDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RequiresTestInfra
class ProjectionTest {
  private final MongoDatabase database = Kit.freshDatabase();
  private final EventStore store = Kit.store(database);
  private final Tenant tenant = Kit.freshTenant();
  private final SessionTally tally = new SessionTally(database);
  private final Projector projector = new Projector(List.of(tally));
  private final FreezablePublisher publisher = new FreezablePublisher(Kit.kafkaPublisher());
  private OutboxRelay relay;

  @BeforeEach
  void appendSessionsAndPublishThem() {
    publisher.crashAfterPublishing(1); // the first batch reaches Kafka twice
    relay = Kit.relay(store, database, "relay-projection-test", publisher, Duration.ofSeconds(10));
    relay.start();
    for (int plan = 0; plan < 6; plan++) {
      UUID planId = UUID.randomUUID();
      StreamHead head = StreamHead.newStream(tenant, "progress-" + planId);
      for (int day = 0; day < 8; day++) {
        SessionSymptom[] symptoms = day % 3 == 0 ? new SessionSymptom[] {SessionSymptom.TINGLING} : new SessionSymptom[0];
        head = store.append(head, List.of(Kit.session(planId, "pat-" + plan, day, (plan + day) % 8, symptoms)),
            Kit.BY_TEST).head();
      }
    }
  }

  @AfterEach
  void stopRelay() {
    relay.close();
  }

  @Test
  void redelivered_events_leave_the_projection_unchanged() throws PoisonEventException {
    List<ConsumerRecord<String, byte[]>> records = Kit.publishedRecords(store, Topic.SESSION, tenant);
    assertThat(records.size()).as("the staged crash made Kafka carry duplicates").isGreaterThan(48);
    projectAll(records);
    List<Document> live = snapshot();
    assertThat(live).hasSize(6).allSatisfy(plan -> {
      assertThat(plan.getInteger("sessions")).isEqualTo(8);
      assertThat(plan.getList("versions", Long.class)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    });

    projectAll(records); // the whole topic again, as after a consumer-group reset

    assertThat(snapshot()).isEqualTo(live);
  }

  @Test
  void a_replay_of_the_store_rebuilds_the_projection_identical_to_the_live_one_and_sends_nothing() throws Exception {
    List<ConsumerRecord<String, byte[]>> records = Kit.publishedRecords(store, Topic.SESSION, tenant);
    projectAll(records);
    List<Document> live = snapshot();
    long commitsBefore = database.getCollection(EventStore.COLLECTION).countDocuments();

    long replayed = projector.rebuildFrom(store);

    assertThat(replayed).isEqualTo(48);
    assertThat(snapshot()).isEqualTo(live);
    assertThat(database.getCollection(EventStore.COLLECTION).countDocuments()).isEqualTo(commitsBefore);
    assertThat(store.pending(1)).isEmpty();
    assertThat(Kit.publishedRecords(store, Topic.SESSION, tenant)).hasSameSizeAs(records);
  }

  private void projectAll(List<ConsumerRecord<String, byte[]>> records) throws PoisonEventException {
    for (ConsumerRecord<String, byte[]> record : records) {
      projector.project(IncomingEvents.decode(record, Kit.PAYLOADS));
    }
  }

  private List<Document> snapshot() {
    return tally.plans.find(tenant).sort(new Document("_id", 1)).into(new ArrayList<>());
  }
}
