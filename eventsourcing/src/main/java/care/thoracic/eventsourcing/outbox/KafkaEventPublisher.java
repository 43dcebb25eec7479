package care.thoracic.eventsourcing.outbox;

import care.thoracic.contracts.cloudevents.CloudEventCodec;
import care.thoracic.eventsourcing.store.Commit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
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

  private final KafkaProducer<String, byte[]> producer;
  private final String source;

  /**
   * @param source the producing service, written as {@code ce_source}
   * @param overrides extra producer settings (from {@code care.outbox.kafka.*})
   */
  public KafkaEventPublisher(String bootstrapServers, String source, Map<String, String> overrides) {
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
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    this.source = source;
  }

  @Override
  public List<Commit> publish(List<Commit> commits) throws InterruptedException {
    List<List<Future<RecordMetadata>>> sends = new ArrayList<>(commits.size());
    for (Commit commit : commits) {
      List<Future<RecordMetadata>> futures = new ArrayList<>(commit.events().size());
      for (int i = 0; i < commit.events().size(); i++) {
        byte[] json = commit.payloads().get(i).getBytes(StandardCharsets.UTF_8);
        futures.add(producer.send(record(CloudEventCodec.encode(commit.events().get(i), source, json))));
      }
      sends.add(futures);
    }
    long deadline = System.nanoTime() + DELIVERY_TIMEOUT.plusSeconds(5).toNanos();
    List<Commit> acknowledged = new ArrayList<>(commits.size());
    Set<String> heldBack = new HashSet<>();
    for (int i = 0; i < commits.size(); i++) {
      Commit commit = commits.get(i);
      String stream = commit.tenant() + "/" + commit.streamId();
      boolean delivered = !heldBack.contains(stream) && awaitAll(sends.get(i), deadline, commit);
      if (delivered) {
        acknowledged.add(commit);
      } else {
        heldBack.add(stream);
      }
    }
    return acknowledged;
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
