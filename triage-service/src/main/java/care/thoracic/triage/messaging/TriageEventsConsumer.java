package care.thoracic.triage.messaging;

import care.thoracic.eventsourcing.messaging.EventConsumer;
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
  @Inject Projector projector;

  @Incoming("triage-events")
  @Blocking
  public CompletionStage<Void> onTriageEvent(Message<byte[]> message) {
    return consumer.process(message, projector::project);
  }
}
