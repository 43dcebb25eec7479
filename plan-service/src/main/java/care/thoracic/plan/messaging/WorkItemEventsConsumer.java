package care.thoracic.plan.messaging;

import care.thoracic.eventsourcing.messaging.EventConsumer;
import care.thoracic.eventsourcing.projection.Projector;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The service's own work-item events, back from Kafka: into the work queue. The instance that
 * appended one projected it already; this makes every instance's view, and a rebuild, agree.
 */
@ApplicationScoped
public class WorkItemEventsConsumer {
  @Inject EventConsumer consumer;
  @Inject Projector projector;

  @Incoming("work-items")
  @Blocking
  public CompletionStage<Void> onWorkItemEvent(Message<byte[]> message) {
    return consumer.process(message, projector::project);
  }
}
