package care.thoracic.progress.config;

import ca.uhn.fhir.context.FhirContext;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.eventsourcing.projection.Projector;
import care.thoracic.eventsourcing.store.EventSourcedRepository;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.progress.domain.PlanProgress;
import care.thoracic.progress.domain.ProgressRules;
import care.thoracic.progress.domain.Thresholds;
import care.thoracic.progress.store.ProgressViews;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/** The rules (one versioned set of thresholds), the PlanProgress repository, the projector, FHIR. */
@Singleton
public class ProgressBeans {

  @Produces
  @Singleton
  ProgressRules rules() {
    return new ProgressRules(Thresholds.CURRENT);
  }

  @Produces
  @Singleton
  EventSourcedRepository<PlanProgress.Command, CareEvent, PlanProgress.State> planProgress(EventStore store,
      ProgressRules rules) {
    return new EventSourcedRepository<>(store, new PlanProgress(rules), CareEvent.class);
  }

  @Produces
  @Singleton
  Projector projector(ProgressViews views) {
    return new Projector(List.of(views));
  }

  /** Costly to build (it scans the R4 model), so one for the service. */
  @Produces
  @Singleton
  FhirContext fhirContext() {
    return FhirContext.forR4();
  }
}
