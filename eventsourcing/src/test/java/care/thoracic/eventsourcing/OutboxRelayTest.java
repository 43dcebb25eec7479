package care.thoracic.eventsourcing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.cloudevents.PoisonEventException;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.contracts.events.Topic;
import care.thoracic.eventsourcing.messaging.IncomingEvents;
import care.thoracic.eventsourcing.outbox.OutboxRelay;
import care.thoracic.eventsourcing.store.Appended;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.eventsourcing.store.StreamHead;
import care.thoracic.testkit.RequiresTestInfra;
import com.mongodb.client.MongoDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@RequiresTestInfra
class OutboxRelayTest {
  private final MongoDatabase database = Kit.freshDatabase();
  private final EventStore store = Kit.store(database);
  private final Tenant tenant = Kit.freshTenant();
  private final List<OutboxRelay> relays = new ArrayList<>();

  @AfterEach
  void stopRelays() {
    relays.forEach(OutboxRelay::close);
  }

  @Test
  void appended_events_reach_kafka_as_cloudevents_keyed_by_tenant_and_patient() throws PoisonEventException {
    start("relay-a", new FreezablePublisher(Kit.kafkaPublisher()), Duration.ofSeconds(10));
    UUID plan = UUID.randomUUID();
    Appended<SessionLogged> appended = store.append(StreamHead.newStream(tenant, "progress-" + plan),
        List.of(Kit.session(plan, "pat-7", 0, 6), Kit.session(plan, "pat-7", 1, 5)), Kit.BY_TEST);

    List<ConsumerRecord<String, byte[]>> records = Kit.publishedRecords(store, Topic.SESSION, tenant);

    assertThat(records).hasSize(2);
    ConsumerRecord<String, byte[]> first = records.getFirst();
    assertThat(first.key()).isEqualTo(tenant.id() + ":pat-7");
    assertThat(header(first, "ce_type")).isEqualTo("care.session.logged.v1");
    assertThat(header(first, "ce_source")).isEqualTo("/progress-service");
    assertThat(header(first, "ce_tenantid")).isEqualTo(tenant.id());
    assertThat(header(first, "ce_subject")).isEqualTo("progress-" + plan);
    assertThat(header(first, "ce_streamversion")).isEqualTo("1");
    assertThat(header(first, "ce_correlationid")).isEqualTo("corr-kit");
    assertThat(header(first, "ce_actor")).isEqualTo("user:dr-test");
    assertThat(IncomingEvents.decode(first, Kit.PAYLOADS)).isEqualTo(appended.events().getFirst());
    assertThat(IncomingEvents.decode(records.get(1), Kit.PAYLOADS)).isEqualTo(appended.events().get(1));
    assertThat(database.getCollection(EventStore.COLLECTION).find(new Document("pending", true)).first()).isNull();
  }

  @Test
  void a_relay_killed_between_append_and_publish_has_its_events_published_after_restart() throws Exception {
    FreezablePublisher dying = new FreezablePublisher(Kit.kafkaPublisher());
    dying.freeze();
    OutboxRelay first = start("relay-first-life", dying, Duration.ofSeconds(1));
    await().until(first::isLeader);
    UUID plan = UUID.randomUUID();
    StreamHead head = StreamHead.newStream(tenant, "progress-" + plan);
    for (int day = 0; day < 5; day++) {
      head = store.append(head, List.of(Kit.session(plan, "pat-k", day, 5)), Kit.BY_TEST).head();
    }
    assertThat(store.pending(10)).hasSize(5);
    assertThat(dying.batchesPublished()).isZero();

    // The restarted process is a new relay with a new identity; it takes over when the lease expires.
    start("relay-second-life", new FreezablePublisher(Kit.kafkaPublisher()), Duration.ofSeconds(1));

    List<ConsumerRecord<String, byte[]>> records = Kit.publishedRecords(store, Topic.SESSION, tenant);
    assertThat(versions(records)).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(dying.batchesPublished()).isZero();
  }

  @Test
  void a_relay_dying_after_publish_but_before_marking_publishes_again_and_only_duplicates_result() throws Exception {
    FreezablePublisher crashing = new FreezablePublisher(Kit.kafkaPublisher());
    crashing.crashAfterPublishing(1);
    start("relay-crashing", crashing, Duration.ofSeconds(10));
    UUID plan = UUID.randomUUID();
    store.append(StreamHead.newStream(tenant, "progress-" + plan),
        List.of(Kit.session(plan, "pat-d", 0, 5), Kit.session(plan, "pat-d", 1, 4)), Kit.BY_TEST);

    List<ConsumerRecord<String, byte[]>> records = Kit.publishedRecords(store, Topic.SESSION, tenant);

    assertThat(versions(records)).containsExactly(1L, 2L, 1L, 2L);
    assertThat(records).extracting(r -> header(r, "ce_id")).containsExactly(
        header(records.get(0), "ce_id"), header(records.get(1), "ce_id"),
        header(records.get(0), "ce_id"), header(records.get(1), "ce_id"));
  }

  @Test
  void two_relays_contend_the_lease_hands_over_and_every_stream_stays_in_order_on_twelve_partitions()
      throws Exception {
    FreezablePublisher publisherA = new FreezablePublisher(Kit.kafkaPublisher());
    OutboxRelay relayA = start("relay-a", publisherA, Duration.ofSeconds(1));
    await().until(relayA::isLeader);
    OutboxRelay relayB = start("relay-b", new FreezablePublisher(Kit.kafkaPublisher()), Duration.ofSeconds(1));

    int streams = 96;
    int commitsPerStream = 12;
    ExecutorService writers = Executors.newFixedThreadPool(6);
    List<Future<?>> work = new ArrayList<>();
    for (int s = 0; s < streams; s++) {
      UUID plan = UUID.randomUUID();
      String patient = "pat-" + s;
      work.add(writers.submit(() -> {
        StreamHead head = StreamHead.newStream(tenant, "progress-" + plan);
        for (int c = 0; c < commitsPerStream; c++) {
          List<SessionLogged> events = c % 4 == 0
              ? List.of(Kit.session(plan, patient, c, 5), Kit.session(plan, patient, c, 4))
              : List.of(Kit.session(plan, patient, c, 3));
          head = store.append(head, events, Kit.BY_TEST).head();
          if (c == commitsPerStream / 2 && patient.equals("pat-0")) {
            publisherA.freeze(); // relay A stalls mid-load and stops renewing its lease
          }
        }
        return null;
      }));
    }
    for (Future<?> f : work) {
      f.get();
    }
    writers.shutdown();
    await().atMost(Duration.ofSeconds(30)).until(relayB::isLeader);
    List<ConsumerRecord<String, byte[]>> beforeThaw = Kit.publishedRecords(store, Topic.SESSION, tenant);
    publisherA.thaw(); // A wakes up and publishes its stale batch: duplicates only
    await().atMost(Duration.ofSeconds(30)).until(() -> !relayA.isLeader());

    long expectedPerStream = commitsPerStream + (commitsPerStream + 3) / 4;
    List<ConsumerRecord<String, byte[]>> records = Kit.publishedRecords(store, Topic.SESSION, tenant);
    assertThat(records.size()).isGreaterThanOrEqualTo(beforeThaw.size());
    Map<String, List<Long>> firstSeenOrder = new LinkedHashMap<>();
    Map<String, Long> highest = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      EventEnvelope<CareEvent> event = IncomingEvents.decode(record, Kit.PAYLOADS);
      String stream = event.metadata().streamId();
      long version = event.metadata().streamVersion();
      long seen = highest.getOrDefault(stream, 0L);
      if (version > seen) {
        assertThat(version).as("stream %s skipped from %d to %d", stream, seen, version).isEqualTo(seen + 1);
        highest.put(stream, version);
        firstSeenOrder.computeIfAbsent(stream, k -> new ArrayList<>()).add(version);
      }
    }
    assertThat(firstSeenOrder).hasSize(streams);
    firstSeenOrder.values().forEach(order -> assertThat(order)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, expectedPerStream).boxed().toList()));
    Set<String> publishers = database.getCollection(EventStore.COLLECTION).find()
        .map(doc -> doc.getString("publishedBy")).into(new ArrayList<>()).stream().collect(Collectors.toSet());
    assertThat(publishers).containsExactlyInAnyOrder("relay-a", "relay-b");
  }

  @Test
  void a_stream_written_by_two_instances_is_published_in_order_by_the_one_that_relays() throws Exception {
    // A long poll interval: what goes out promptly goes by the hand-over from this instance's appends.
    OutboxRelay relaying = Kit.relay(store, database, "relay-here", new FreezablePublisher(Kit.kafkaPublisher()),
        Duration.ofSeconds(10), Duration.ofSeconds(30));
    relays.add(relaying);
    relaying.start();
    await().until(relaying::isLeader);
    EventStore otherInstance = Kit.store(database); // same database, another service instance
    OutboxRelay standingBy = Kit.relay(otherInstance, database, "relay-there",
        new FreezablePublisher(Kit.kafkaPublisher()), Duration.ofSeconds(10));
    relays.add(standingBy);
    standingBy.start();

    UUID plan = UUID.randomUUID();
    StreamHead head = StreamHead.newStream(tenant, "progress-" + plan);
    for (int i = 0; i < 60; i++) {
      EventStore writer = i % 3 == 1 ? otherInstance : store; // every third commit comes from elsewhere
      head = writer.append(head, List.of(Kit.session(plan, "pat-shared", i, 4)), Kit.BY_TEST).head();
    }

    List<Long> firstSeen = new ArrayList<>();
    long highest = 0;
    for (long version : versions(Kit.publishedRecords(store, Topic.SESSION, tenant))) {
      if (version > highest) {
        firstSeen.add(version);
        highest = version;
      }
    }
    assertThat(firstSeen).containsExactlyElementsOf(LongStream.rangeClosed(1, 60).boxed().toList());
    assertThat(standingBy.isLeader()).isFalse();
  }

  private OutboxRelay start(String owner, FreezablePublisher publisher, Duration leaseTtl) {
    OutboxRelay relay = Kit.relay(store, database, owner, publisher, leaseTtl);
    relays.add(relay);
    relay.start();
    return relay;
  }

  private static List<Long> versions(List<ConsumerRecord<String, byte[]>> records) {
    return records.stream().map(r -> Long.parseLong(header(r, "ce_streamversion"))).toList();
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
