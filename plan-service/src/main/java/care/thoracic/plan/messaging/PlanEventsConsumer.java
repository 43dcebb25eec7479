package care.thoracic.plan.messaging;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.PlanCompleted;
import care.thoracic.contracts.events.RetriageDecided;
import care.thoracic.eventsourcing.config.CareConfig;
import care.thoracic.eventsourcing.messaging.EventConsumer;
import care.thoracic.eventsourcing.messaging.PatientErasures;
import care.thoracic.eventsourcing.projection.Projector;
import care.thoracic.eventsourcing.store.Causation;
import care.thoracic.plan.store.PatientPlans;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The service's own plan events, back from Kafka: into its views, and finishing what a decision
 * began (a replacement plan started, the open-plan reservation handed on or released) in case the
 * request that decided was interrupted. Each step is idempotent.
 */
@ApplicationScoped
public class PlanEventsConsumer {
  @Inject EventConsumer consumer;
  @Inject PatientErasures erasures;
  @Inject Projector projector;
  @Inject PatientPlans patientPlans;
  @Inject CareConfig config;

  @Incoming("plan-events")
  @Blocking
  public CompletionStage<Void> onPlanEvent(Message<byte[]> message) {
    return consumer.process(message, this::apply);
  }

  void apply(EventEnvelope<CareEvent> envelope) {
    projector.project(envelope);
    switch (envelope.event()) {
      case RetriageDecided decided -> patientPlans.retriageDecided(envelope.tenant(), decided,
          Causation.reactingTo(envelope, config.serviceName()));
      case PlanCompleted completed -> patientPlans.completed(envelope.tenant(), completed);
      default -> { }
    }
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
