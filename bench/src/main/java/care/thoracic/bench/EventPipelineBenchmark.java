package care.thoracic.bench;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.ExerciseLog;
import care.thoracic.contracts.clinical.SessionSymptom;
import care.thoracic.contracts.cloudevents.CloudEventCodec;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.contracts.events.Topic;
import care.thoracic.contracts.kafka.BrokerAccess;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.eventsourcing.outbox.KafkaEventPublisher;
import care.thoracic.eventsourcing.outbox.OutboxRelay;
import care.thoracic.eventsourcing.outbox.RelayLease;
import care.thoracic.eventsourcing.store.Causation;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.eventsourcing.store.StreamHead;
import care.thoracic.testkit.TestKafka;
import care.thoracic.testkit.TestMongo;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;

/**
 * The event-sourcing kit end to end: events appended through the store and published by the
 * outbox relay to Kafka, against the raw limits measured in the same run (driver inserts into the
 * same store, producer sends to the same broker). Broker and store are the test kit's: a real
 * KRaft broker and the Mongo wire-protocol server, in this JVM.
 *
 * <p>Usage: {@code bench/run.sh eventsourcing [repetitions] [events]}
 */
public final class EventPipelineBenchmark {
  private static final int WRITERS = 4;
  private static final int STREAMS_PER_WRITER = 50;
  /** The bench publishes on care.session.v1 as progress-service does (its principal, its ce_source). */
  private static final String PRODUCER = "progress-service";
  private static final Causation CAUSATION = new Causation("bench", "bench", Actor.service("bench"));

  private final int events;
  private final Tenant tenant = Tenant.of("bench");
  private final PatientPayloads sealed = BenchKeys.payloads();

  EventPipelineBenchmark(int events) {
    this.events = events;
  }

  public static void main(String[] args) {
    Benchmarks.main(() -> run(args));
  }

  private static void run(String[] args) throws Exception {
    int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int events = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    Path report = Path.of(args.length > 2 ? args[2] : "BENCHMARKS.md");
    EventPipelineBenchmark bench = new EventPipelineBenchmark(events);
    TestKafka.bootstrapServers();
    TestMongo.connectionString();
    bench.warmUp();

    List<Double> rawInserts = new ArrayList<>();
    List<Double> rawProduce = new ArrayList<>();
    List<Double> endToEnd = new ArrayList<>();
    List<Double> endToEndClear = new ArrayList<>();
    List<Double> sealingRatio = new ArrayList<>();
    List<Double> replayed = new ArrayList<>();
    List<Double> replayedClear = new ArrayList<>();
    List<Double> replayRatio = new ArrayList<>();
    List<Double> p50 = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    List<Double> ratio = new ArrayList<>();
    for (int run = 1; run <= repetitions; run++) {
      double inserts = bench.rawInserts();
      double produce = bench.rawProduce();
      Pipeline clear = bench.endToEnd(PatientPayloads.inTheClear());
      Pipeline pipeline = bench.endToEnd(bench.sealed);
      long[] latencies = bench.latencyAtFixedRate(1_000, Duration.ofSeconds(20));
      rawInserts.add(inserts);
      rawProduce.add(produce);
      endToEnd.add(pipeline.published());
      endToEndClear.add(clear.published());
      sealingRatio.add(pipeline.published() / clear.published());
      replayed.add(pipeline.replayed());
      replayedClear.add(clear.replayed());
      replayRatio.add(pipeline.replayed() / clear.replayed());
      ratio.add(pipeline.published() / inserts);
      p50.add(Stats.percentileMillis(latencies, 50));
      p99.add(Stats.percentileMillis(latencies, 99));
      System.out.printf("run %d: raw inserts %.0f/s, raw produce %.0f/s, end-to-end %.0f/s sealed, %.0f/s clear "
          + "(%.2f of inserts), replay %.0f/s sealed, %.0f/s clear, at 1000/s: p50 %.1f ms, p99 %.1f ms%n", run,
          inserts, produce, pipeline.published(), clear.published(), pipeline.published() / inserts,
          pipeline.replayed(), clear.replayed(), p50.getLast(), p99.getLast());
    }
    String markdown = """
        ## Event-sourcing kit: append → publish

        What: %,d `SessionLogged` events (~480 B of JSON) appended by %d writer threads to %d streams (one
        event per command, heads kept in memory, as a service does after its load) through `EventStore`,
        published to Kafka by the `OutboxRelay` (lease, CloudEvents headers, idempotent producer,
        `acks=all`), end = the relay has marked every event published. Next to it, in the same run, the
        raw limits: the same number of copies of a real one-event commit document inserted one by one
        by %d threads with the Mongo driver into the same store, and the same records sent by one
        idempotent producer (`acks=all`) to the same broker. Every event is sealed with its patient's
        key (AES-256-GCM, 1,000 patients, keys cached after first use) as in the services; the same
        pipeline with payloads in the clear runs in the same run, for the cost of sealing. Replay: the
        store read back in position order (`EventStore.replay`, every event opened), as a projection
        rebuild reads it. Latency: one writer appending at a fixed 1,000 events/s for 20 s, measured from
        the call to `append` to the moment a Kafka consumer receives the event.

        Broker and store are the test kit's, in the benchmark's JVM: a real KRaft broker
        (kafka_2.13 4.1.2) and the mongo-java-server wire-protocol server (memory backend).
        Machine: %s.
        Reproduce: `bench/run.sh eventsourcing %d %d`. Figures are medians of %d runs after one unrecorded
        warm-up pass; each ratio is taken within one run.

        | measure | median | runs |
        |---|---|---|
        | raw Mongo inserts of commit documents (driver, %d threads) | %,.0f docs/s | %s |
        | raw Kafka produce (1 producer) | %,.0f records/s | %s |
        | end-to-end: appended (sealed) and published | %,.0f events/s | %s |
        | end-to-end in the clear | %,.0f events/s | %s |
        | sealed ÷ clear, end-to-end | %.2f | %s |
        | replay (sealed, opened) | %,.0f events/s | %s |
        | replay in the clear | %,.0f events/s | %s |
        | sealed ÷ clear, replay | %.2f | %s |
        | end-to-end ÷ raw inserts (goal ≥ 0.5) | %.2f | %s |
        | append → received, p50 at 1,000/s | %.1f ms | %s |
        | append → received, p99 at 1,000/s (goal < 50 ms) | %.1f ms | %s |
        """.formatted(events, WRITERS, WRITERS * STREAMS_PER_WRITER, WRITERS, Machine.describe(), repetitions, events,
        repetitions, WRITERS, Stats.median(rawInserts), Stats.list(rawInserts, "%.0f"), Stats.median(rawProduce),
        Stats.list(rawProduce, "%.0f"), Stats.median(endToEnd), Stats.list(endToEnd, "%.0f"),
        Stats.median(endToEndClear), Stats.list(endToEndClear, "%.0f"), Stats.median(sealingRatio),
        Stats.list(sealingRatio, "%.2f"), Stats.median(replayed), Stats.list(replayed, "%.0f"),
        Stats.median(replayedClear), Stats.list(replayedClear, "%.0f"), Stats.median(replayRatio),
        Stats.list(replayRatio, "%.2f"), Stats.median(ratio),
        Stats.list(ratio, "%.2f"), Stats.median(p50), Stats.list(p50, "%.1f"), Stats.median(p99), Stats.list(p99, "%.1f"));
    Report.write(report, "eventsourcing", markdown);
    System.out.println(markdown);
  }

  /** One full, unrecorded pass: the first pass through a cold JIT measures the JIT. */
  private void warmUp() throws Exception {
    rawInserts();
    rawProduce();
    endToEnd(PatientPayloads.inTheClear());
    endToEnd(sealed);
  }

  /** Events per second appended and published, then read back by a replay. */
  record Pipeline(double published, double replayed) {}

  /** Copies of a real one-event commit document (new ids), inserted one by one: the same bytes the store writes. */
  double rawInserts() throws Exception {
    MongoDatabase database = freshDatabase();
    EventStore store = new EventStore(database, Clock.systemUTC(), Clock.systemUTC(), sealed);
    store.append(StreamHead.newStream(tenant, "progress-template"), List.of(session(UUID.randomUUID(), 0)), CAUSATION);
    Document commit = database.getCollection(EventStore.COLLECTION).find().first();
    MongoCollection<Document> docs = database.getCollection("raw");
    try {
      return timed(writer -> {
        for (int i = writer; i < events; i += WRITERS) {
          Document copy = new Document(commit);
          copy.put("_id", "bench/raw-" + writer + "/" + i);
          docs.insertOne(copy);
        }
      });
    } finally {
      database.drop(); // the memory backend keeps everything: later phases must not pay for this one's heap
    }
  }

  double rawProduce() throws Exception {
    Map<String, Object> config = producerConfig();
    List<CloudEventCodec.Encoded> records = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      records.add(CloudEventCodec.encode(envelope(i), PRODUCER));
    }
    try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      long start = System.nanoTime();
      for (int i = 0; i < events; i++) {
        CloudEventCodec.Encoded encoded = records.get(i % records.size());
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(encoded.topic(), encoded.key(), encoded.value());
        encoded.headers().forEach((k, v) -> record.headers().add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
        producer.send(record);
      }
      producer.flush();
      return events / seconds(start);
    }
  }

  Pipeline endToEnd(PatientPayloads payloads) throws Exception {
    MongoDatabase database = freshDatabase();
    EventStore store = new EventStore(database, Clock.systemUTC(), Clock.systemUTC(), payloads);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (OutboxRelay relay = relay(store, database, meters)) {
      relay.start();
      long start = System.nanoTime();
      runWriters(writer -> {
        List<StreamHead> heads = new ArrayList<>();
        List<UUID> plans = new ArrayList<>();
        for (int s = 0; s < STREAMS_PER_WRITER; s++) {
          UUID plan = UUID.randomUUID();
          plans.add(plan);
          heads.add(StreamHead.newStream(tenant, "progress-" + plan));
        }
        for (int i = writer, n = 0; i < events; i += WRITERS, n++) {
          int s = n % STREAMS_PER_WRITER;
          heads.set(s, store.append(heads.get(s), List.of(session(plans.get(s), s)), CAUSATION).head());
        }
      });
      while (meters.counter("care.outbox.published").count() < events) {
        Thread.sleep(2);
      }
      double published = events / seconds(start);
      relay.close();
      long replayStart = System.nanoTime();
      long[] read = {0};
      store.replay(commit -> read[0] += commit.events().size());
      if (read[0] != events) {
        throw new IllegalStateException("replay read " + read[0] + " of " + events + " events");
      }
      return new Pipeline(published, events / seconds(replayStart));
    } finally {
      database.drop();
    }
  }

  /** Nanoseconds from each append call to the consumer receiving the event. */
  long[] latencyAtFixedRate(int perSecond, Duration duration) throws Exception {
    MongoDatabase database = freshDatabase();
    EventStore store = new EventStore(database, Clock.systemUTC(), Clock.systemUTC(), sealed);
    int total = (int) (perSecond * duration.toSeconds());
    // Indexed by stream version, which is known before the append: the relay may deliver an event
    // before append() has even returned.
    AtomicLongArray sentAt = new AtomicLongArray(total + 1);
    long[] latencies = new long[total];
    CountDownLatch received = new CountDownLatch(total);
    AtomicBoolean consuming = new AtomicBoolean(true);
    CountDownLatch consumerReady = new CountDownLatch(1);
    ExecutorService consumerThread = Executors.newSingleThreadExecutor();
    String stream = "progress-latency-" + UUID.randomUUID();
    Future<?> consumer = consumerThread.submit(() -> {
      Map<String, Object> config = TestKafka.clientConfig(BrokerAccess.OPERATOR);
      config.put("fetch.max.wait.ms", "5");
      try (var kafka = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
        List<TopicPartition> partitions = kafka.partitionsFor(Topic.SESSION.topicName()).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        kafka.assign(partitions);
        kafka.seekToEnd(partitions);
        partitions.forEach(kafka::position);
        consumerReady.countDown();
        int index = 0;
        while (consuming.get()) {
          for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(5))) {
            if (!stream.equals(header(record, "ce_subject"))) {
              continue;
            }
            int version = Integer.parseInt(header(record, "ce_streamversion"));
            long start = sentAt.getAndSet(version, 0);
            if (start != 0) {
              latencies[index++] = System.nanoTime() - start;
              received.countDown();
            }
          }
        }
      }
      return null;
    });
    consumerReady.await();
    try (OutboxRelay relay = relay(store, database, new SimpleMeterRegistry())) {
      relay.start();
      UUID plan = UUID.randomUUID();
      StreamHead head = StreamHead.newStream(tenant, stream);
      long interval = 1_000_000_000L / perSecond;
      long next = System.nanoTime();
      for (int i = 0; i < total; i++) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait); // not a spin: this machine has two cores to share with broker and store
        }
        sentAt.set(i + 1, System.nanoTime());
        head = store.append(head, List.of(session(plan, i)), CAUSATION).head();
        next += interval;
      }
      if (!received.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException(received.getCount() + " events never arrived");
      }
    } finally {
      consuming.set(false);
      consumer.get();
      consumerThread.shutdown();
      database.drop();
    }
    return latencies;
  }

  private OutboxRelay relay(EventStore store, MongoDatabase database, SimpleMeterRegistry meters) {
    return new OutboxRelay(store, new RelayLease(database, "bench-relay", Duration.ofSeconds(10), Clock.systemUTC()),
        new KafkaEventPublisher(TestKafka.bootstrapServers(), PRODUCER,
            TestKafka.securitySettings(PRODUCER)), OutboxRelay.Settings.defaults(),
        Clock.systemUTC(), meters);
  }

  private double timed(Writer writer) throws Exception {
    long start = System.nanoTime();
    runWriters(writer);
    return events / seconds(start);
  }

  private static void runWriters(Writer writer) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    List<Future<?>> running = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      int id = w;
      running.add(pool.submit(() -> {
        writer.write(id);
        return null;
      }));
    }
    for (Future<?> f : running) {
      f.get();
    }
    pool.shutdown();
  }

  private interface Writer {
    void write(int writer) throws Exception;
  }

  private static MongoDatabase freshDatabase() {
    return TestMongo.client().getDatabase("bench-" + UUID.randomUUID().toString().substring(0, 8));
  }

  private static Map<String, Object> producerConfig() {
    Map<String, Object> config = TestKafka.clientConfig(PRODUCER);
    config.put("acks", "all");
    config.put("enable.idempotence", "true");
    config.put("linger.ms", "1");
    return config;
  }

  private EventEnvelope<SessionLogged> envelope(int i) {
    SessionLogged session = session(UUID.randomUUID(), i);
    return new EventEnvelope<>(new care.thoracic.contracts.EventMetadata(UUID.randomUUID(), tenant, "progress-raw",
        1, java.time.Instant.now(), "bench", "bench", Actor.service("bench")), session);
  }

  private static SessionLogged session(UUID plan, int i) {
    return new SessionLogged(UUID.randomUUID(), plan, PatientId.of("pat-" + (i % 1_000)),
        LocalDate.of(2026, 11, 1).plusDays(i % 56),
        List.of(new ExerciseLog("diaphragmatic-breathing", 3, 10, null, null),
            new ExerciseLog("hook-lying-rotation", 2, 10, null, null)),
        5, 4, Set.of(SessionSymptom.TINGLING), "Felt looser after the second set.");
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

}
