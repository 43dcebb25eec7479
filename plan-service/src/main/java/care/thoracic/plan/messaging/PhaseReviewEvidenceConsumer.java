package care.thoracic.plan.messaging;

import care.thoracic.eventsourcing.messaging.EventConsumer;
import care.thoracic.eventsourcing.projection.Projector;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Logged sessions and progress assessments, into what the phase reviews count. */
@ApplicationScoped
public class PhaseReviewEvidenceConsumer {
  @Inject EventConsumer consumer;
  @Inject Projector projector;

  @Incoming("sessions")
  @Blocking
  public CompletionStage<Void> onSession(Message<byte[]> message) {
    return consumer.process(message, projector::project);
  }

  @Incoming("assessments")
  @Blocking
  public CompletionStage<Void> onAssessment(Message<byte[]> message) {
    return consumer.process(message, projector::project);
  }
}
