package care.thoracic.plan.messaging;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.PatientDataAccessed;
import care.thoracic.eventsourcing.messaging.EventConsumer;
import care.thoracic.plan.store.AccessLog;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Every service's access records, from {@code care.audit.v1}, into the clinic's access log. The
 * records are independent of each other (each is stored once under its own id), so they are taken
 * a poll's batch at a time and stored with one write per batch: the log keeps up with every request
 * of the platform, and a replay of the topic (a record for every request ever answered) costs the
 * shared store one write per batch instead of one per record.
 */
@ApplicationScoped
public class AccessLogConsumer {
  @Inject EventConsumer consumer;
  @Inject AccessLog accessLog;

  @Incoming("access-events")
  @Blocking(ordered = false)
  public CompletionStage<Void> onAccesses(KafkaRecordBatch<String, byte[]> batch) {
    return consumer.processBatch(batch, envelopes -> accessLog.record(envelopes.stream()
        .map(AccessLogConsumer::accessRecord).toList()));
  }

  private static EventEnvelope<PatientDataAccessed> accessRecord(EventEnvelope<CareEvent> envelope) {
    if (!(envelope.event() instanceof PatientDataAccessed)) {
      throw new IllegalArgumentException("not an access record: " + envelope.type().ceType());
    }
    return envelope.as(PatientDataAccessed.class);
  }
}
