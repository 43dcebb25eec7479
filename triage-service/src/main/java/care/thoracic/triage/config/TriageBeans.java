package care.thoracic.triage.config;

import care.thoracic.contracts.CareJson;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.eventsourcing.projection.Projector;
import care.thoracic.eventsourcing.store.EventSourcedRepository;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.triage.domain.TriageCase;
import care.thoracic.triage.domain.TriageRuleSet;
import care.thoracic.triage.domain.TriageRules;
import care.thoracic.triage.store.PatientTriages;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The triage rules (loaded and validated at start-up), the TriageCase repository and the projector. */
@Singleton
public class TriageBeans {
  static final String RULES_RESOURCE = "triage-rules.json";

  @Produces
  @Singleton
  TriageRules rules() {
    return new TriageRules(loadRuleSet());
  }

  @Produces
  @Singleton
  EventSourcedRepository<TriageCase.Command, CareEvent, TriageCase.State> triageCases(EventStore store, TriageRules rules) {
    return new EventSourcedRepository<>(store, new TriageCase(rules), CareEvent.class);
  }

  @Produces
  @Singleton
  Projector projector(PatientTriages patientTriages) {
    return new Projector(List.of(patientTriages));
  }

  public static TriageRuleSet loadRuleSet() {
    try (InputStream in = TriageBeans.class.getClassLoader().getResourceAsStream(RULES_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RULES_RESOURCE + " is missing");
      }
      return CareJson.mapper().readValue(in, TriageRuleSet.class);
    } catch (IOException e) {
      throw new UncheckedIOException("triage rules do not load: " + RULES_RESOURCE, e);
    }
  }
}
