package care.thoracic.plan.messaging;

import care.thoracic.eventsourcing.messaging.EventConsumer;
import care.thoracic.plan.store.PatientRecords;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * What other services record about a patient, into the patient's record for their export: each topic
 * in a consumer group of its own ({@code plan-service.patient-records.*}), so the record never holds
 * up, nor is held up by, the plans' reactions to the same events, and can be rebuilt by rewinding
 * only its groups.
 */
@ApplicationScoped
public class PatientRecordsConsumer {
  @Inject EventConsumer consumer;
  @Inject PatientRecords records;

  @Incoming("record-triages")
  @Blocking
  public CompletionStage<Void> onTriage(Message<byte[]> message) {
    return consumer.process(message, records::apply);
  }

  @Incoming("record-red-flags")
  @Blocking
  public CompletionStage<Void> onRedFlag(Message<byte[]> message) {
    return consumer.process(message, records::apply);
  }

  @Incoming("record-sessions")
  @Blocking
  public CompletionStage<Void> onSession(Message<byte[]> message) {
    return consumer.process(message, records::apply);
  }

  @Incoming("record-assessments")
  @Blocking
  public CompletionStage<Void> onAssessment(Message<byte[]> message) {
    return consumer.process(message, records::apply);
  }

  @Incoming("record-reminders")
  @Blocking
  public CompletionStage<Void> onReminder(Message<byte[]> message) {
    return consumer.process(message, records::apply);
  }
}
