package care.thoracic.testkit;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.EventMetadata;
import care.thoracic.contracts.PatientErasedException;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.cloudevents.CloudEventCodec;
import care.thoracic.contracts.cloudevents.PayloadOpener;
import care.thoracic.contracts.cloudevents.PoisonEventException;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.Topic;
import care.thoracic.contracts.kafka.BrokerAccess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Puts events on the test broker exactly as another service's outbox relay would (CloudEvents
 * headers, key {@code tenant:patient}, authenticated as that service), so a service's consumers can be
 * tested without that service.
 */
public final class TestEvents {
  private static final Map<String, KafkaProducer<String, byte[]>> PRODUCERS = new HashMap<>();

  private TestEvents() {}

  /** An envelope for {@code event} at {@code version} of {@code streamId}, caused by {@code actor}. */
  public static <E extends CareEvent> EventEnvelope<E> envelope(Tenant tenant, String streamId, long version, E event,
      Actor actor) {
    return new EventEnvelope<>(new EventMetadata(UUID.randomUUID(), tenant, streamId, version, Instant.now(),
        "corr-" + UUID.randomUUID(), "cause-" + UUID.randomUUID(), actor), event);
  }

  /** Sends as {@code source} (the producing service, its principal on the broker) and waits until the broker has it. */
  public static void publish(EventEnvelope<?> envelope, String source) {
    publishAll(List.of(envelope), source);
  }

  /** Sends many at once (batched, in order per key) and waits until the broker has them all. */
  public static void publishAll(List<? extends EventEnvelope<?>> envelopes, String source) {
    List<Future<?>> sent = new ArrayList<>(envelopes.size());
    for (EventEnvelope<?> envelope : envelopes) {
      sent.add(producer(source).send(record(envelope, source)));
    }
    try {
      for (Future<?> each : sent) {
        each.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not publish", e.getCause());
    }
  }

  /** Reads the topic from its beginning to its current end: this tenant's records, in partition order. */
  public static List<ConsumerRecord<String, byte[]>> readToEnd(Topic topic, Tenant tenant) {
    return readToEnd(TestKafka.bootstrapServers(), topic, tenant);
  }

  /** The same from another broker. */
  public static List<ConsumerRecord<String, byte[]>> readToEnd(String bootstrapServers, Topic topic, Tenant tenant) {
    Map<String, Object> config = TestKafka.clientConfig(bootstrapServers, BrokerAccess.OPERATOR);
    try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.topicName()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("topic " + topic + " not read to its end in time");
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          // a patient's records are keyed tenant:patient, a clinic's own by the tenant
          if (record.key().startsWith(tenant.id() + ":") || record.key().equals(tenant.id())) {
            records.add(record);
          }
        }
      }
      return records;
    }
  }

  /**
   * This tenant's events on the topic as a consumer decodes them, in partition order; like a
   * consumer, it leaves out the records of erased patients (nobody can read them).
   *
   * @param opener opens payloads sealed with their patients' keys (the services' key vault)
   */
  public static List<EventEnvelope<CareEvent>> published(Topic topic, Tenant tenant, PayloadOpener opener) {
    return published(TestKafka.bootstrapServers(), topic, tenant, opener);
  }

  /** The same from another broker. */
  public static List<EventEnvelope<CareEvent>> published(String bootstrapServers, Topic topic, Tenant tenant,
      PayloadOpener opener) {
    List<EventEnvelope<CareEvent>> events = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : readToEnd(bootstrapServers, topic, tenant)) {
      try {
        events.add(CloudEventCodec.decode(topic, record.key(), name -> {
          var header = record.headers().lastHeader(name);
          return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }, record.value(), opener));
      } catch (PoisonEventException e) {
        throw new AssertionError("a record on " + topic + " does not decode: " + e.getMessage(), e);
      } catch (PatientErasedException erased) {
        // its key is destroyed: skipped, as every consumer skips it
      }
    }
    return events;
  }

  private static ProducerRecord<String, byte[]> record(EventEnvelope<?> envelope, String source) {
    CloudEventCodec.Encoded encoded = CloudEventCodec.encode(envelope, source);
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(encoded.topic(), encoded.key(), encoded.value());
    encoded.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
    return record;
  }

  private static synchronized KafkaProducer<String, byte[]> producer(String source) {
    return PRODUCERS.computeIfAbsent(source, principal -> {
      Map<String, Object> config = TestKafka.clientConfig(principal);
      config.put(ProducerConfig.ACKS_CONFIG, "all");
      config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
      KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
          new ByteArraySerializer());
      Runtime.getRuntime().addShutdownHook(new Thread(producer::close, "testkit-events-stop"));
      return producer;
    });
  }
}
