package care.thoracic.triage.store;

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
import care.thoracic.contracts.events.TriageCompleted;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.eventsourcing.projection.Projection;
import care.thoracic.eventsourcing.projection.ProjectionCollection;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bson.Document;

/**
 * Each patient's triages, newest first: one document per completed triage, fed from care.triage.v1.
 * The triage (intake answers and decision) is sealed with the patient's key; what it is looked up and
 * sorted by (patient, time) stays readable. Documents written before (2026-12-01) hold it in the
 * clear and still read; a rebuild seals them.
 */
@Singleton
public class PatientTriages implements Projection {
  private final ProjectionCollection triages;
  private final PatientPayloads payloads;

  /** A triage as listed: when it was completed, and the event that completed it. */
  public record Listed(Instant completedAt, TriageCompleted triage) {}

  @Inject
  public PatientTriages(MongoDatabase database, PatientPayloads payloads) {
    this.payloads = payloads;
    this.triages = new ProjectionCollection(database, "patient_triages").index("patientId", "completedAt");
  }

  @Override
  public String name() {
    return "patient-triages";
  }

  @Override
  public Set<EventType> handles() {
    return Set.of(EventType.TRIAGE_COMPLETED);
  }

  @Override
  public void apply(EventEnvelope<? extends CareEvent> event) {
    if (event.event() instanceof TriageCompleted completed) {
      String id = completed.triageId().toString();
      triages.applyOnce(event, id, combine(
          set("patientId", completed.patientId().value()),
          set("completedAt", Date.from(event.metadata().occurredAt())),
          set("triage", payloads.sealField(event.tenant(), completed.patientId(), place(id), json(completed)))));
    }
  }

  @Override
  public void reset() {
    triages.dropAll();
  }

  public List<Listed> newestFirst(Tenant tenant, PatientId patient, int limit) {
    List<Listed> listed = new ArrayList<>();
    for (Document doc : triages.find(tenant, eq("patientId", patient.value())).sort(Sorts.descending("completedAt"))
        .limit(limit)) {
      listed.add(new Listed(doc.getDate("completedAt").toInstant(),
          read(payloads.openField(tenant, patient, place(doc.getString("id")), doc.getString("triage")))));
    }
    return listed;
  }

  private static String place(String triageId) {
    return "patient_triages/" + triageId + "/triage";
  }

  private static String json(TriageCompleted completed) {
    try {
      return CareJson.mapper().writeValueAsString(completed);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static TriageCompleted read(String json) {
    try {
      return CareJson.mapper().readValue(json, TriageCompleted.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void forget(Tenant tenant, PatientErased erasure) {
    triages.forget(tenant, eq("patientId", erasure.patientId().value()));
  }
}
