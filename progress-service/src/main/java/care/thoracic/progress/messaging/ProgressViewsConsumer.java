package care.thoracic.progress.messaging;

import care.thoracic.eventsourcing.messaging.EventConsumer;
import care.thoracic.eventsourcing.messaging.PatientErasures;
import care.thoracic.eventsourcing.projection.Projector;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Into the progress views: the plan events (whose plan, its status, baseline and phases, resolved
 * flags) and this service's own sessions, flags and assessments, each topic in its own group.
 */
@ApplicationScoped
public class ProgressViewsConsumer {
  @Inject EventConsumer consumer;
  @Inject PatientErasures erasures;
  @Inject Projector projector;

  @Incoming("plan-events")
  @Blocking
  public CompletionStage<Void> onPlanEvent(Message<byte[]> message) {
    return consumer.process(message, projector::project);
  }

  @Incoming("sessions")
  @Blocking
  public CompletionStage<Void> onSession(Message<byte[]> message) {
    return consumer.process(message, projector::project);
  }

  @Incoming("red-flags")
  @Blocking
  public CompletionStage<Void> onRedFlag(Message<byte[]> message) {
    return consumer.process(message, projector::project);
  }

  @Incoming("assessments")
  @Blocking
  public CompletionStage<Void> onAssessment(Message<byte[]> message) {
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
