package care.thoracic.testkit;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.EventMetadata;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.cloudevents.CloudEventCodec;
import care.thoracic.contracts.events.CareEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Puts events on the test broker exactly as another service's outbox relay would (CloudEvents
 * headers, key {@code tenant:patient}), so a service's consumers can be tested without that service.
 */
public final class TestEvents {
  private static KafkaProducer<String, byte[]> producer;

  private TestEvents() {}

  /** An envelope for {@code event} at {@code version} of {@code streamId}, caused by {@code actor}. */
  public static <E extends CareEvent> EventEnvelope<E> envelope(Tenant tenant, String streamId, long version, E event,
      Actor actor) {
    return new EventEnvelope<>(new EventMetadata(UUID.randomUUID(), tenant, streamId, version, Instant.now(),
        "corr-" + UUID.randomUUID(), "cause-" + UUID.randomUUID(), actor), event);
  }

  /** Sends and waits until the broker has it. */
  public static void publish(EventEnvelope<?> envelope, String source) {
    publishAll(List.of(envelope), source);
  }

  /** Sends many at once (batched, in order per key) and waits until the broker has them all. */
  public static void publishAll(List<? extends EventEnvelope<?>> envelopes, String source) {
    List<Future<?>> sent = new ArrayList<>(envelopes.size());
    for (EventEnvelope<?> envelope : envelopes) {
      sent.add(producer().send(record(envelope, source)));
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

  private static ProducerRecord<String, byte[]> record(EventEnvelope<?> envelope, String source) {
    CloudEventCodec.Encoded encoded = CloudEventCodec.encode(envelope, source);
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(encoded.topic(), encoded.key(), encoded.value());
    encoded.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
    return record;
  }

  private static synchronized KafkaProducer<String, byte[]> producer() {
    if (producer == null) {
      Properties config = new Properties();
      config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
      config.put(ProducerConfig.ACKS_CONFIG, "all");
      config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
      producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
      Runtime.getRuntime().addShutdownHook(new Thread(producer::close, "testkit-events-stop"));
    }
    return producer;
  }
}
