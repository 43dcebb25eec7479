package care.thoracic.eventsourcing.messaging;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientErasedException;
import care.thoracic.contracts.cloudevents.PoisonEventException;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.Topic;
import care.thoracic.eventsourcing.config.CareConfig;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.eventsourcing.store.ConcurrencyConflictException;
import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
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

  private static final List<String> OUTCOMES = List.of("processed", "erased", "poison", "failed");

  @Inject MeterRegistry meters;
  @Inject PatientPayloads payloads;
  @Inject CareConfig config;

  /**
   * Every outcome of every topic this service consumes, exported from the start at zero: the
   * dead-letter alert's {@code increase()} sees the first poison record, not a series that appears at 1.
   */
  void exportFromTheStart(@Observes StartupEvent start) {
    for (Topic topic : Topic.values()) {
      if (topic.consumers().contains(config.serviceName())) {
        OUTCOMES.forEach(outcome -> meters.counter("care.consumer.records", "topic", topic.topicName(), "outcome", outcome));
      }
    }
  }

  public CompletionStage<Void> process(Message<byte[]> message, Consumer<EventEnvelope<CareEvent>> handler) {
    Decoded decoded = decode(message);
    if (decoded.poison() != null) {
      return deadLetter(decoded);
    }
    if (decoded.erased()) {
      return skipErased(decoded);
    }
    EventEnvelope<CareEvent> event = decoded.event();
    return settle(message, decoded.topic(), event, attempt("event " + event.metadata().eventId(),
        () -> handler.accept(event)));
  }

  /**
   * The same for a batch of records that need no order among them (each is stored once under its
   * own id): the handler takes every record of the batch that decodes, in one call. Poison is
   * dead-lettered record by record; a batch the handler refuses is handed over again one record at
   * a time, so only the records it refuses are dead-lettered.
   *
   * <p>Use from an {@code @Incoming @Blocking} method taking {@code KafkaRecordBatch<String, byte[]>}
   * on a channel with {@code batch=true}.
   */
  public CompletionStage<Void> processBatch(KafkaRecordBatch<String, byte[]> batch,
      Consumer<List<EventEnvelope<CareEvent>>> handler) {
    List<CompletableFuture<Void>> settled = new ArrayList<>();
    List<Decoded> good = new ArrayList<>();
    for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
      Decoded decoded = decode(record);
      if (decoded.poison() != null) {
        settled.add(deadLetter(decoded).toCompletableFuture());
      } else if (decoded.erased()) {
        settled.add(skipErased(decoded).toCompletableFuture());
      } else {
        good.add(decoded);
      }
    }
    if (!good.isEmpty()) {
      List<EventEnvelope<CareEvent>> events = good.stream().map(Decoded::event).toList();
      Attempt whole = attempt(events.size() + " events of " + good.get(0).topic(), () -> handler.accept(events));
      for (Decoded each : good) {
        Attempt alone = whole.refused()
            ? attempt("event " + each.event().metadata().eventId(), () -> handler.accept(List.of(each.event())))
            : whole;
        settled.add(settle(each.message(), each.topic(), each.event(), alone).toCompletableFuture());
      }
    }
    return CompletableFuture.allOf(settled.toArray(CompletableFuture[]::new));
  }

  /** A record as it came and what it decoded to: an event, the reason it is poison, or neither (its patient is erased). */
  private record Decoded(Message<byte[]> message, IncomingKafkaRecordMetadata<String, byte[]> kafka,
      EventEnvelope<CareEvent> event, PoisonEventException poison) {
    String topic() {
      return kafka.getTopic();
    }

    boolean erased() {
      return event == null && poison == null;
    }
  }

  private Decoded decode(Message<byte[]> message) {
    @SuppressWarnings("unchecked")
    IncomingKafkaRecordMetadata<String, byte[]> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class)
        .orElseThrow(() -> new IllegalStateException("not a Kafka message"));
    try {
      EventEnvelope<CareEvent> event = IncomingEvents.decode(kafka.getTopic(), kafka.getKey(), kafka.getHeaders(),
          message.getPayload(), payloads);
      payloads.requireReadable(event); // published in the clear before sealing existed
      return new Decoded(message, kafka, event, null);
    } catch (PoisonEventException poison) {
      return new Decoded(message, kafka, null, poison);
    } catch (PatientErasedException erased) {
      return new Decoded(message, kafka, null, null);
    }
  }

  /** Nobody can read an erased patient's event any more, and nobody needs to: it is acknowledged unread. */
  private CompletionStage<Void> skipErased(Decoded erased) {
    count(erased.topic(), "erased");
    return erased.message().ack();
  }

  private CompletionStage<Void> deadLetter(Decoded poisoned) {
    IncomingKafkaRecordMetadata<String, byte[]> kafka = poisoned.kafka();
    LOG.warnf("poison record %s-%d@%d to the dead-letter topic: %s", kafka.getTopic(), kafka.getPartition(),
        kafka.getOffset(), poisoned.poison().getMessage());
    count(kafka.getTopic(), "poison");
    return poisoned.message().nack(poisoned.poison());
  }

  private CompletionStage<Void> settle(Message<?> message, String topic, EventEnvelope<CareEvent> event,
      Attempt attempt) {
    if (attempt.failure() == null) {
      count(topic, "processed");
      return message.ack();
    }
    if (attempt.refused()) {
      LOG.errorf(attempt.failure(), "event %s (%s) refused by its handler, to the dead-letter topic",
          event.metadata().eventId(), event.type().ceType());
      count(topic, "failed");
    }
    return message.nack(attempt.failure()); // refused: to the dead-letter topic; else shutting down: it comes again
  }

  /** How handing events to a handler ended: done (no failure), refused for good, or given up while shutting down. */
  private record Attempt(RuntimeException failure, boolean refused) {}

  /** Runs the step until it is done or refused; a store that is down is waited for, with growing pauses. */
  private static Attempt attempt(String what, Runnable step) {
    Duration backoff = FIRST_BACKOFF;
    for (int attempt = 1; ; attempt++) {
      try {
        step.run();
        return new Attempt(null, false);
      } catch (MongoTimeoutException | MongoSocketException | MongoNotPrimaryException | MongoNodeIsRecoveringException
          | MongoConnectionPoolClearedException | ConcurrencyConflictException transientFailure) {
        if (attempt == 1 || attempt % 20 == 0) {
          LOG.warnf("%s not processed yet (attempt %d), retrying: %s", what, attempt, transientFailure.getMessage());
        }
        if (!sleep(backoff)) {
          return new Attempt(transientFailure, false);
        }
        backoff = backoff.multipliedBy(2).compareTo(LONGEST_BACKOFF) > 0 ? LONGEST_BACKOFF : backoff.multipliedBy(2);
      } catch (PatientErasedException erased) {
        return new Attempt(null, false); // the reaction concerns a patient erased since: nothing left to do
      } catch (CancellationException shuttingDown) {
        return new Attempt(shuttingDown, false);
      } catch (RuntimeException refused) {
        return new Attempt(refused, true);
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
