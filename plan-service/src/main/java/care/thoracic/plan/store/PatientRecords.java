package care.thoracic.plan.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;

import care.thoracic.contracts.CareJson;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.EventType;
import care.thoracic.contracts.events.PatientErased;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.eventsourcing.projection.Projection;
import care.thoracic.eventsourcing.projection.ProjectionCollection;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.mongodb.client.MongoDatabase;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.bson.Document;

/**
 * What other services recorded about a patient that their export hands back: the intake and its
 * triage, red flags, logged sessions and the reminders sent, each event as it came, sealed with the
 * patient's key like the event store keeps it (so an erasure leaves nothing readable here even
 * before this projection forgets them). The patient's plans come from this service's own store.
 */
@Singleton
public class PatientRecords implements Projection {
  private static final Set<EventType> RECORDED = Set.of(EventType.TRIAGE_COMPLETED, EventType.RED_FLAG_RAISED,
      EventType.SESSION_LOGGED, EventType.REMINDER_SENT);

  private final ProjectionCollection records;
  private final PatientPayloads payloads;

  /** One event of the patient's, opened. */
  public record Recorded(UUID eventId, Instant occurredAt, CareEvent event) {}

  @Inject
  public PatientRecords(MongoDatabase database, PatientPayloads payloads) {
    this.records = new ProjectionCollection(database, "patient_records").index("patientId");
    this.payloads = payloads;
  }

  @Override
  public String name() {
    return "patient-records";
  }

  @Override
  public Set<EventType> handles() {
    return RECORDED;
  }

  @Override
  public void apply(EventEnvelope<? extends CareEvent> envelope) {
    String json;
    try {
      json = CareJson.mapper().writeValueAsString(envelope.event());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("event " + envelope.metadata().eventId() + " does not serialise", e);
    }
    records.applyOnce(envelope, envelope.metadata().eventId().toString(), combine(
        set("patientId", envelope.event().patientId().value()),
        set("type", envelope.type().name()),
        set("occurredAt", Date.from(envelope.metadata().occurredAt())),
        set("payload", payloads.seal(envelope, json))));
  }

  @Override
  public void reset() {
    records.dropAll();
  }

  @Override
  public void forget(Tenant tenant, PatientErased erasure) {
    records.forget(tenant, eq("patientId", erasure.patientId().value()));
  }

  /**
   * The patient's recorded events, oldest first.
   *
   * @throws care.thoracic.contracts.PatientErasedException if the patient was erased
   */
  public List<Recorded> of(Tenant tenant, PatientId patient) {
    List<Recorded> found = new ArrayList<>();
    for (Document doc : records.find(tenant, eq("patientId", patient.value()))) {
      EventType type = EventType.valueOf(doc.getString("type"));
      UUID eventId = UUID.fromString(doc.getString("id"));
      String json = payloads.open(tenant, patient, type, eventId, doc.getString("payload"));
      try {
        found.add(new Recorded(eventId, doc.getDate("occurredAt").toInstant(),
            CareJson.mapper().readValue(json, type.javaType())));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("stored event " + eventId + " does not read as " + type, e);
      }
    }
    // the store's indexes answer equality only: the order is made here
    found.sort(Comparator.comparing(Recorded::occurredAt).thenComparing(Recorded::eventId));
    return found;
  }
}
