package care.thoracic.plan.config;

import ca.uhn.fhir.context.FhirContext;
import care.thoracic.contracts.events.PlanEvent;
import care.thoracic.contracts.events.WorkItemEvent;
import care.thoracic.eventsourcing.projection.Projector;
import care.thoracic.eventsourcing.store.EventSourcedRepository;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.plan.domain.CarePlan;
import care.thoracic.plan.domain.Protocols;
import care.thoracic.plan.domain.WorkItem;
import care.thoracic.plan.store.PhaseReviewEvidence;
import care.thoracic.plan.store.PlanSummaries;
import care.thoracic.plan.store.RedFlagInbox;
import care.thoracic.plan.store.WorkQueue;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/** The protocols (loaded and validated at start-up), the CarePlan repository, the projector of the views, FHIR. */
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
  EventSourcedRepository<WorkItem.Command, WorkItemEvent, WorkItem.State> workItems(EventStore store) {
    return new EventSourcedRepository<>(store, new WorkItem(), WorkItemEvent.class);
  }

  /** Costly to build (it scans the R4 model), so one for the service. */
  @Produces
  @Singleton
  FhirContext fhirContext() {
    return FhirContext.forR4();
  }

  @Produces
  @Singleton
  Projector projector(PlanSummaries summaries, PhaseReviewEvidence progress, RedFlagInbox inbox, WorkQueue queue) {
    return new Projector(List.of(summaries, progress, inbox, queue));
  }
}
