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
import care.thoracic.plan.store.PlanSummaries;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * What other services' events do to plans: a triage starts a plan (or puts one up for approval),
 * a red flag goes to the clinicians' inbox and suspends the plan it names, or the patient's active plan. Both are idempotent: the
 * plan id is derived from the triage id, and the decider ignores what it has already seen.
 */
@ApplicationScoped
public class PlanReactions {
  private static final int ATTEMPTS_ON_CONFLICT = 5;

  @Inject EventConsumer consumer;
  @Inject EventSourcedRepository<CarePlan.Command, PlanEvent, CarePlan.State> carePlans;
  @Inject PlanSummaries summaries;
  @Inject Projector projector;
  @Inject Clock clock;
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
      LocalDate today = LocalDate.now(clock.withZone(triage.intake().timezone()));
      carePlans.handleRetrying(envelope.tenant(), CarePlan.streamId(CarePlan.planId(triage.triageId())),
          new CarePlan.StartFromTriage(triage, today), causedBy(envelope), ATTEMPTS_ON_CONFLICT);
    }
  }

  /** Into the clinicians' inbox first, then onto the plan: the inbox knows a flag before any plan names it. */
  void suspendForFlag(EventEnvelope<CareEvent> envelope) {
    projector.project(envelope);
    if (envelope.event() instanceof RedFlagRaised flag) {
      Optional<UUID> plan = flag.planId() != null ? Optional.of(flag.planId())
          : summaries.activePlan(envelope.tenant(), flag.patientId());
      plan.ifPresent(planId -> carePlans.handleRetrying(envelope.tenant(), CarePlan.streamId(planId),
          new CarePlan.SuspendForFlag(flag.flagId(), flag.code(), flag.triageId()), causedBy(envelope),
          ATTEMPTS_ON_CONFLICT));
    }
  }

  private Causation causedBy(EventEnvelope<CareEvent> envelope) {
    return Causation.reactingTo(envelope, config.serviceName());
  }
}
