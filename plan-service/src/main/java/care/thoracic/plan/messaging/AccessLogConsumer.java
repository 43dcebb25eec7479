package care.thoracic.plan.messaging;

import care.thoracic.contracts.events.PatientDataAccessed;
import care.thoracic.eventsourcing.messaging.EventConsumer;
import care.thoracic.plan.store.AccessLog;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Every service's access records, from {@code care.audit.v1}, into the clinic's access log. The
 * records are independent of each other (each is stored once under its own id), so they are
 * stored concurrently rather than in order: the log keeps up with every request of the platform
 * (with a pool of two it fell 10,656 records behind after a rewind of the system tests' topics).
 */
@ApplicationScoped
public class AccessLogConsumer {
  @Inject EventConsumer consumer;
  @Inject AccessLog accessLog;

  @Incoming("access-events")
  @Blocking(ordered = false)
  public CompletionStage<Void> onAccess(Message<byte[]> message) {
    return consumer.process(message, envelope -> {
      if (!(envelope.event() instanceof PatientDataAccessed)) {
        throw new IllegalArgumentException("not an access record: " + envelope.type().ceType());
      }
      accessLog.record(List.of(envelope.as(PatientDataAccessed.class)));
    });
  }
}
