package care.thoracic.plan.messaging;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.PlanEvent;
import care.thoracic.contracts.events.RedFlagRaised;
import care.thoracic.contracts.events.TriageCompleted;
import care.thoracic.eventsourcing.config.CareConfig;
import care.thoracic.eventsourcing.messaging.EventConsumer;
import care.thoracic.eventsourcing.projection.Projector;
import care.thoracic.eventsourcing.store.Causation;
import care.thoracic.eventsourcing.store.EventSourcedRepository;
import care.thoracic.plan.domain.CarePlan;
import care.thoracic.plan.store.PatientPlans;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * What other services' events do to plans: a triage opens the patient's plan, or is recorded on the
 * open one as a re-triage (CLINICAL §8, {@link PatientPlans}); a red flag goes to the clinicians'
 * inbox and suspends the plan it names, or the patient's open plan. Both are idempotent: the plan id
 * is derived from the triage id, and the decider ignores what it has already seen.
 */
@ApplicationScoped
public class PlanReactions {
  private static final int ATTEMPTS_ON_CONFLICT = 5;

  @Inject EventConsumer consumer;
  @Inject EventSourcedRepository<CarePlan.Command, PlanEvent, CarePlan.State> carePlans;
  @Inject PatientPlans patientPlans;
  @Inject Projector projector;
  @Inject CareConfig config;

  @Incoming("triage-events")
  @Blocking
  public CompletionStage<Void> onTriage(Message<byte[]> message) {
    return consumer.process(message, this::startFromTriage);
  }

  @Incoming("red-flags")
  @Blocking
  public CompletionStage<Void> onRedFlag(Message<byte[]> message) {
    return consumer.process(message, this::suspendForFlag);
  }

  void startFromTriage(EventEnvelope<CareEvent> envelope) {
    if (envelope.event() instanceof TriageCompleted triage) {
      patientPlans.triaged(envelope.tenant(), triage, envelope.metadata().occurredAt(), causedBy(envelope));
    }
  }

  /** Into the clinicians' inbox first, then onto the plan: the inbox knows a flag before any plan names it. */
  void suspendForFlag(EventEnvelope<CareEvent> envelope) {
    projector.project(envelope);
    if (envelope.event() instanceof RedFlagRaised flag) {
      List<UUID> plans = flag.planId() != null ? List.of(flag.planId())
          : patientPlans.plansToSuspend(envelope.tenant(), flag.patientId());
      plans.forEach(planId -> carePlans.handleRetrying(envelope.tenant(), CarePlan.streamId(planId),
          new CarePlan.SuspendForFlag(flag.flagId(), flag.code(), flag.triageId()), causedBy(envelope),
          ATTEMPTS_ON_CONFLICT));
    }
  }

  private Causation causedBy(EventEnvelope<CareEvent> envelope) {
    return Causation.reactingTo(envelope, config.serviceName());
  }
}
