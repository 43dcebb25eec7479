package care.thoracic.plan.store;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.ErasureGround;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.PatientErased;
import care.thoracic.eventsourcing.crypto.PatientKeys;
import care.thoracic.eventsourcing.store.Causation;
import care.thoracic.eventsourcing.store.ConcurrencyConflictException;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.eventsourcing.store.StreamHead;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Erasing a patient: their data key is destroyed first (from then on nothing sealed with it can be
 * read, anywhere), then the erasure is recorded as {@link PatientErased} on its own stream, which the
 * outbox publishes to every service so each forgets what it holds. The record keeps who, when and on
 * what ground, never what the record said. Repeating an erasure changes nothing and answers the first
 * record; one interrupted between the two steps is completed by the repeat.
 */
@Singleton
public class Erasures {
  private final PatientKeys keys;
  private final EventStore store;
  private final PlanSummaries summaries;

  @Inject
  public Erasures(PatientKeys keys, EventStore store, PlanSummaries summaries) {
    this.keys = keys;
    this.store = store;
    this.summaries = summaries;
  }

  public EventEnvelope<PatientErased> erase(Tenant tenant, PatientId patient, ErasureGround ground,
      Causation causation) {
    Optional<EventEnvelope<PatientErased>> earlier = recorded(tenant, patient);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    List<UUID> plans = summaries.plansOf(tenant, patient); // before any service forgets them
    keys.destroy(tenant, patient);
    try {
      return store.append(StreamHead.newStream(tenant, streamOf(patient)),
          List.of(new PatientErased(patient, ground, plans)), causation).events().getFirst();
    } catch (ConcurrencyConflictException anotherInstanceRecordedIt) {
      return recorded(tenant, patient).orElseThrow();
    }
  }

  /** The erasure of this patient, if they were erased. */
  public Optional<EventEnvelope<PatientErased>> recorded(Tenant tenant, PatientId patient) {
    List<EventEnvelope<CareEvent>> events = store.load(tenant, streamOf(patient)).events();
    return events.isEmpty() ? Optional.empty() : Optional.of(events.getFirst().as(PatientErased.class));
  }

  private static String streamOf(PatientId patient) {
    return "erasure-" + patient.value();
  }
}
