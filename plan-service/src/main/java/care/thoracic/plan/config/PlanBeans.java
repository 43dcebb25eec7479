package care.thoracic.plan.config;

import care.thoracic.contracts.events.PlanEvent;
import care.thoracic.eventsourcing.decider.EventSourcedRepository;
import care.thoracic.eventsourcing.projection.Projector;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.plan.domain.CarePlan;
import care.thoracic.plan.domain.Protocols;
import care.thoracic.plan.store.PlanProgress;
import care.thoracic.plan.store.PlanSummaries;
import care.thoracic.plan.store.RedFlagInbox;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/** The protocols (loaded and validated at start-up), the CarePlan repository and the projector of the plan views. */
@Singleton
public class PlanBeans {

  @Produces
  @Singleton
  Protocols protocols() {
    return ProtocolFiles.load();
  }

  @Produces
  @Singleton
  CarePlan carePlan(Protocols protocols) {
    return new CarePlan(protocols);
  }

  @Produces
  @Singleton
  EventSourcedRepository<CarePlan.Command, PlanEvent, CarePlan.State> carePlans(EventStore store, CarePlan carePlan) {
    return new EventSourcedRepository<>(store, carePlan, PlanEvent.class);
  }

  @Produces
  @Singleton
  Projector projector(PlanSummaries summaries, PlanProgress progress, RedFlagInbox inbox) {
    return new Projector(List.of(summaries, progress, inbox));
  }
}
