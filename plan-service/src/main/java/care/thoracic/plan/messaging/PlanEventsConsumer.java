package care.thoracic.plan.messaging;

import care.thoracic.eventsourcing.messaging.EventConsumer;
import care.thoracic.eventsourcing.projection.Projector;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** The service's own plan events, back from Kafka, into its views. */
@ApplicationScoped
public class PlanEventsConsumer {
  @Inject EventConsumer consumer;
  @Inject Projector projector;

  @Incoming("plan-events")
  @Blocking
  public CompletionStage<Void> onPlanEvent(Message<byte[]> message) {
    return consumer.process(message, projector::project);
  }
}
