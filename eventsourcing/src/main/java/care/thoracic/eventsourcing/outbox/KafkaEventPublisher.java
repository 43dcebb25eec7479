package care.thoracic.eventsourcing.outbox;

import care.thoracic.contracts.cloudevents.CloudEventCodec;
import care.thoracic.eventsourcing.store.Commit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Publishes commits as CloudEvents (binary mode) with an idempotent producer: {@code acks=all},
 * at most 5 requests in flight, so each partition keeps the order of the sends even on retries.
 */
public final class KafkaEventPublisher implements EventPublisher {
  private static final Logger LOG = Logger.getLogger(KafkaEventPublisher.class);
  static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(20);

  private final Producer<String, byte[]> producer;
  private final String source;

  /**
   * @param source the producing service, written as {@code ce_source}
   * @param overrides extra producer settings (from {@code care.outbox.kafka.*})
   */
  public KafkaEventPublisher(String bootstrapServers, String source, Map<String, String> overrides) {
    this(new KafkaProducer<>(producerConfig(bootstrapServers, source, overrides), new StringSerializer(),
        new ByteArraySerializer()), source);
  }

  /** On a given producer: tests drive a {@code MockProducer} through failures a broker cannot be made to produce on cue. */
  KafkaEventPublisher(Producer<String, byte[]> producer, String source) {
    this.producer = producer;
    this.source = source;
  }

  private static Properties producerConfig(String bootstrapServers, String source, Map<String, String> overrides) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, source + "-outbox");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    config.put(ProducerConfig.LINGER_MS_CONFIG, "1");
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(DELIVERY_TIMEOUT.toMillis()));
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    // A broker that is down must not block the relay thread for minutes inside send().
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
    config.putAll(overrides);
    return config;
  }

  /**
   * Sends in waves: each wave holds the next commit of every stream whose previous one is
   * acknowledged. Sending a stream's later commits before its earlier ones are acknowledged would
   * risk a later version reaching Kafka first when an earlier send fails (a metadata timeout while
   * the broker restarts, an expired batch): consumers, which skip versions at or below the last one
   * they applied, would then skip the earlier one for good.
   */
  @Override
  public List<Commit> publish(List<Commit> commits) throws InterruptedException {
    Map<String, Deque<Commit>> unsentByStream = new LinkedHashMap<>();
    for (Commit commit : commits) {
      unsentByStream.computeIfAbsent(streamOf(commit), stream -> new ArrayDeque<>()).add(commit);
    }
    Set<Commit> acknowledged = Collections.newSetFromMap(new IdentityHashMap<>());
    while (!unsentByStream.isEmpty()) {
      List<Commit> wave = unsentByStream.values().stream().map(Deque::poll).toList();
      List<List<Future<RecordMetadata>>> sends = new ArrayList<>(wave.size());
      for (Commit commit : wave) {
        sends.add(send(commit));
      }
      long deadline = System.nanoTime() + DELIVERY_TIMEOUT.plusSeconds(5).toNanos();
      for (int i = 0; i < wave.size(); i++) {
        Commit commit = wave.get(i);
        String stream = streamOf(commit);
        if (awaitAll(sends.get(i), deadline, commit)) {
          acknowledged.add(commit);
          if (unsentByStream.get(stream).isEmpty()) {
            unsentByStream.remove(stream);
          }
        } else {
          unsentByStream.remove(stream); // held back: it goes again, in order, on the relay's next attempt
        }
      }
    }
    return commits.stream().filter(acknowledged::contains).toList();
  }

  private static String streamOf(Commit commit) {
    return commit.tenant().id() + "/" + commit.streamId();
  }

  /** The commit's events, in order; none after one that fails at once (e.g. no metadata yet). */
  private List<Future<RecordMetadata>> send(Commit commit) {
    List<Future<RecordMetadata>> futures = new ArrayList<>(commit.events().size());
    for (int i = 0; i < commit.events().size(); i++) {
      byte[] json = commit.payloads().get(i).getBytes(StandardCharsets.UTF_8);
      Future<RecordMetadata> sent = producer.send(record(CloudEventCodec.encode(commit.events().get(i), source, json)));
      futures.add(sent);
      if (sent.state() == Future.State.FAILED) {
        break;
      }
    }
    return futures;
  }

  private static boolean awaitAll(List<Future<RecordMetadata>> futures, long deadline, Commit commit)
      throws InterruptedException {
    for (Future<RecordMetadata> future : futures) {
      try {
        future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException | TimeoutException e) {
        LOG.warnf("commit %s not acknowledged, will publish it again: %s", commit.id(),
            e.getCause() == null ? e : e.getCause());
        return false;
      }
    }
    return true;
  }

  private static ProducerRecord<String, byte[]> record(CloudEventCodec.Encoded encoded) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(encoded.topic(), encoded.key(), encoded.value());
    encoded.headers().forEach((name, value) ->
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
    return record;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
