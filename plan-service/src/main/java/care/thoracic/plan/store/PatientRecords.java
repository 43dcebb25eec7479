package care.thoracic.plan.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;

import care.thoracic.contracts.CareJson;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientErasedException;
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
import org.jboss.logging.Logger;

/**
 * What other services recorded about a patient that their export hands back: the intake and its
 * triage, red flags, logged sessions and the reminders sent, each event as it came, sealed with the
 * patient's key like the event store keeps it (so an erasure leaves nothing readable here even
 * before this projection forgets them). The patient's plans come from this service's own store.
 * Its own consumer groups feed it (PatientRecordsConsumer), so it never holds up the plans' reactions
 * to the same events, and a new deployment fills it from the oldest records the broker keeps. The
 * type, time and patient of each record are clear (what is looked up by); the event is sealed.
 */
@Singleton
public class PatientRecords implements Projection {
  private static final Set<EventType> RECORDED = Set.of(EventType.TRIAGE_COMPLETED, EventType.RED_FLAG_RAISED,
      EventType.SESSION_LOGGED, EventType.PROGRESS_ASSESSED, EventType.REMINDER_SENT, EventType.REMINDER_FAILED);
  private static final Logger LOG = Logger.getLogger(PatientRecords.class);

  private final ProjectionCollection records;
  private final PatientPayloads payloads;

  /** One event of the patient's, opened. */
  public record Recorded(UUID eventId, Instant occurredAt, CareEvent event) {}

  /** The patient's events as far as they read: those that do not are counted, not hidden. */
  public record Record(List<Recorded> events, int unreadable) {}

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
    if (!RECORDED.contains(envelope.type())) {
      return;
    }
    String json;
    try {
      json = CareJson.mapper().writeValueAsString(envelope.event());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("event " + envelope.metadata().eventId() + " does not serialise", e);
    }
    records.applyOnce(envelope, envelope.metadata().eventId().toString(), combine(
        set("patientId", envelope.event().patientId().value()),
        set("type", envelope.type().ceType()), // versioned: a later shape of the event reads its own way
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
   * The patient's recorded events, oldest first. One that no longer reads (a type this version does
   * not know, a payload that does not open) is logged and counted, and the rest still answer.
   *
   * @throws PatientErasedException if the patient was erased
   */
  public Record of(Tenant tenant, PatientId patient) {
    List<Recorded> found = new ArrayList<>();
    int unreadable = 0;
    for (Document doc : records.find(tenant, eq("patientId", patient.value()))) {
      try {
        EventType type = EventType.byCeType(doc.getString("type")).orElseThrow(
            () -> new IllegalStateException("unknown event type " + doc.getString("type")));
        UUID eventId = UUID.fromString(doc.getString("id"));
        String json = payloads.open(tenant, patient, type, eventId, doc.getString("payload"));
        found.add(new Recorded(eventId, doc.getDate("occurredAt").toInstant(),
            CareJson.mapper().readValue(json, type.javaType())));
      } catch (PatientErasedException erased) {
        throw erased;
      } catch (JsonProcessingException | RuntimeException e) {
        unreadable++;
        LOG.errorf("record %s of patient %s of %s does not read: %s", doc.getString("id"), patient.value(),
            tenant.id(), e.toString());
      }
    }
    // the store's indexes answer equality only: the order is made here
    found.sort(Comparator.comparing(Recorded::occurredAt).thenComparing(Recorded::eventId));
    return new Record(found, unreadable);
  }
}
