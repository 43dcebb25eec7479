package care.thoracic.eventsourcing.messaging;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.cloudevents.PoisonEventException;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.eventsourcing.store.ConcurrencyConflictException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * One step of every Kafka consumer: decode the record into a trusted event, hand it to the
 * service, acknowledge. A record that can never be processed (poison, or a handler that refuses
 * it for good) is nacked, and the channel's {@code failure-strategy=dead-letter-queue} moves it to
 * {@code <topic>.dlq} with the reason. A store that is down is not the record's fault: the step
 * waits and retries until it is back, so nothing is acknowledged unprocessed and nothing good
 * lands in the dead-letter topic.
 *
 * <p>Use from an {@code @Incoming @Blocking} method taking {@code Message<byte[]>}.
 */
@ApplicationScoped
public class EventConsumer {
  private static final Logger LOG = Logger.getLogger(EventConsumer.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  private static final Duration LONGEST_BACKOFF = Duration.ofSeconds(5);

  @Inject MeterRegistry meters;

  public CompletionStage<Void> process(Message<byte[]> message, Consumer<EventEnvelope<CareEvent>> handler) {
    @SuppressWarnings("unchecked")
    IncomingKafkaRecordMetadata<String, byte[]> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
        .orElseThrow(() -> new IllegalStateException("not a Kafka message"));
    EventEnvelope<CareEvent> event;
    try {
      event = IncomingEvents.decode(record.getTopic(), record.getKey(), record.getHeaders(), message.getPayload());
    } catch (PoisonEventException poison) {
      LOG.warnf("poison record %s-%d@%d to the dead-letter topic: %s", record.getTopic(), record.getPartition(),
          record.getOffset(), poison.getMessage());
      count(record.getTopic(), "poison");
      return message.nack(poison);
    }
    Duration backoff = FIRST_BACKOFF;
    for (int attempt = 1; ; attempt++) {
      try {
        handler.accept(event);
        count(record.getTopic(), "processed");
        return message.ack();
      } catch (MongoTimeoutException | MongoSocketException | MongoNotPrimaryException | MongoNodeIsRecoveringException
          | ConcurrencyConflictException transientFailure) {
        if (attempt == 1 || attempt % 20 == 0) {
          LOG.warnf("event %s not processed yet (attempt %d), retrying: %s", event.metadata().eventId(), attempt,
              transientFailure.getMessage());
        }
        if (!sleep(backoff)) {
          return message.nack(transientFailure); // shutting down: the record is not committed and comes again
        }
        backoff = backoff.multipliedBy(2).compareTo(LONGEST_BACKOFF) > 0 ? LONGEST_BACKOFF : backoff.multipliedBy(2);
      } catch (RuntimeException refused) {
        LOG.errorf(refused, "event %s (%s) refused by its handler, to the dead-letter topic", event.metadata().eventId(),
            event.type().ceType());
        count(record.getTopic(), "failed");
        return message.nack(refused);
      }
    }
  }

  private void count(String topic, String outcome) {
    meters.counter("care.consumer.records", "topic", topic, "outcome", outcome).increment();
  }

  private static boolean sleep(Duration backoff) {
    try {
      Thread.sleep(backoff);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
