package care.thoracic.triage.messaging;

import care.thoracic.eventsourcing.messaging.EventConsumer;
import care.thoracic.eventsourcing.messaging.PatientErasures;
import care.thoracic.eventsourcing.projection.Projector;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** The service's own triage events, back from Kafka, into the per-patient list. */
@ApplicationScoped
public class TriageEventsConsumer {
  @Inject EventConsumer consumer;
  @Inject PatientErasures erasures;
  @Inject Projector projector;

  @Incoming("triage-events")
  @Blocking
  public CompletionStage<Void> onTriageEvent(Message<byte[]> message) {
    return consumer.process(message, projector::project);
  }

  /**
   * An erased patient: this service forgets what it holds about them. Erasures are independent of
   * each other and each waits out the key cache before it is acknowledged, so they run side by side.
   */
  @Incoming("patient-erasures")
  @io.smallrye.reactive.messaging.annotations.Blocking(ordered = false)
  public CompletionStage<Void> onErasure(Message<byte[]> message) {
    return consumer.process(message, erasures::apply);
  }
}
