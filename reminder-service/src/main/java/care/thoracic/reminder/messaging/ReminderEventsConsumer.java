package care.thoracic.reminder.messaging;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.eventsourcing.messaging.EventConsumer;
import care.thoracic.eventsourcing.messaging.PatientErasures;
import care.thoracic.eventsourcing.projection.Projector;
import care.thoracic.reminder.jobs.ReminderPlanner;
import care.thoracic.reminder.store.PlanSchedules;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Plan events and sessions: each updates what the plan's reminders depend on, and the plan's
 * schedule is planned again. A redelivered event plans the same reminders, which are already there.
 */
@ApplicationScoped
public class ReminderEventsConsumer {
  @Inject EventConsumer consumer;
  @Inject PatientErasures erasures;
  @Inject Projector projector;
  @Inject ReminderPlanner planner;

  @Incoming("plan-events")
  @Blocking
  public CompletionStage<Void> onPlanEvent(Message<byte[]> message) {
    return consumer.process(message, this::planAfter);
  }

  @Incoming("sessions")
  @Blocking
  public CompletionStage<Void> onSession(Message<byte[]> message) {
    return consumer.process(message, this::planAfter);
  }

  private void planAfter(EventEnvelope<CareEvent> envelope) {
    projector.project(envelope);
    PlanSchedules.planOf(envelope.event()).ifPresent(planId -> planner.replan(envelope.tenant(), planId));
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
