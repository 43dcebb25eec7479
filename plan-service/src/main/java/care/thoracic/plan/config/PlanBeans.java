package care.thoracic.plan.config;

import care.thoracic.contracts.events.PlanEvent;
import care.thoracic.eventsourcing.decider.EventSourcedRepository;
import care.thoracic.eventsourcing.projection.Projector;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.plan.domain.CarePlan;
import care.thoracic.plan.domain.Protocols;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/** The protocols (loaded and validated at start-up) and the CarePlan repository. */
@Singleton
public class PlanBeans {

  @Produces
  @Singleton
  Protocols protocols() {
    return ProtocolFiles.load();
  }

  @Produces
  @Singleton
  EventSourcedRepository<CarePlan.Command, PlanEvent, CarePlan.State> carePlans(EventStore store, Protocols protocols) {
    return new EventSourcedRepository<>(store, new CarePlan(protocols), PlanEvent.class);
  }

  /** No projections yet: the plan views come in the next step of the plan-service issue. */
  @Produces
  @Singleton
  Projector projector() {
    return new Projector(List.of());
  }
}
