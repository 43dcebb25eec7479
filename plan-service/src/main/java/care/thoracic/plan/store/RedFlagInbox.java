package care.thoracic.plan.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.setOnInsert;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientErasedException;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.EventType;
import care.thoracic.contracts.events.PatientErased;
import care.thoracic.contracts.events.PlanResumed;
import care.thoracic.contracts.events.RedFlagRaised;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.eventsourcing.projection.Projection;
import care.thoracic.eventsourcing.projection.ProjectionCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The clinicians' inbox: every red flag raised in the clinic (by triage or progress), open until a
 * clinician resumes the plan it suspended. A resolution that arrives before its flag is kept: the
 * flag then starts resolved.
 */
@Singleton
public class RedFlagInbox implements Projection {
  public enum Status { OPEN, RESOLVED }

  /** One flag as the inbox lists it. */
  public record Flag(UUID flagId, String patientId, String code, String severity, String recommendation,
      String source, UUID triageId, UUID planId, List<String> reasons, Date raisedAt, Status status, Date resolvedAt) {}

  private static final Date RAISED_EVER = new Date(0);

  private final ProjectionCollection flags;
  private final PatientPayloads payloads;

  @Inject
  public RedFlagInbox(MongoDatabase database, PatientPayloads payloads) {
    this.payloads = payloads;
    this.flags = new ProjectionCollection(database, "red_flag_inbox").index("status", "raisedAt").index("raisedAt")
        .index("patientId");
  }

  @Override
  public String name() {
    return "red-flag-inbox";
  }

  @Override
  public Set<EventType> handles() {
    return Set.of(EventType.RED_FLAG_RAISED, EventType.PLAN_RESUMED);
  }

  @Override
  public void apply(EventEnvelope<? extends CareEvent> envelope) {
    switch (envelope.event()) {
      case RedFlagRaised flag -> flags.applyOnce(envelope, flag.flagId().toString(), combine(
          set("flagId", flag.flagId().toString()), set("patientId", flag.patientId().value()),
          set("code", payloads.sealField(envelope.tenant(), flag.patientId(), place(flag.flagId().toString(), "code"),
              flag.code().name())),
          set("severity", flag.severity().name()),
          set("recommendation", flag.recommendation().name()), set("source", flag.source().name()),
          set("triageId", flag.triageId() == null ? null : flag.triageId().toString()),
          set("planId", flag.planId() == null ? null : flag.planId().toString()),
          set("reasons", SealedReasons.seal(payloads, envelope.tenant(), flag.patientId(),
              place(flag.flagId().toString(), "reasons"), flag.reasons())),
          set("raisedAt", Date.from(envelope.metadata().occurredAt())),
          setOnInsert("status", Status.OPEN.name())));
      case PlanResumed resumed -> {
        for (UUID flagId : resumed.resolvedFlagIds()) {
          flags.applyOnce(envelope, flagId.toString(), combine(set("flagId", flagId.toString()),
              set("status", Status.RESOLVED.name()), set("resolvedAt", Date.from(envelope.metadata().occurredAt())),
              set("resolvedByPlan", resumed.planId().toString())));
        }
      }
      default -> { }
    }
  }

  @Override
  public void forget(Tenant tenant, PatientErased erasure) {
    flags.forget(tenant, eq("patientId", erasure.patientId().value()));
  }

  @Override
  public void reset() {
    flags.dropAll();
  }

  /** Newest first; {@code status} null for every flag. */
  public List<Flag> list(Tenant tenant, Status status, int page, int size) {
    List<Flag> listed = new ArrayList<>();
    for (Document doc : flags.find(tenant, filter(status)).sort(Sorts.descending("raisedAt")).skip(page * size)
        .limit(size)) {
      try {
        listed.add(flag(tenant, doc));
      } catch (PatientErasedException e) { // erased a moment ago: the inbox forgets the flag shortly
        continue;
      }
    }
    return listed;
  }

  /** The patient's open flags, oldest first. */
  public List<Flag> openOf(Tenant tenant, PatientId patient) {
    List<Flag> open = new ArrayList<>();
    for (Document doc : flags.find(tenant, Filters.and(filter(Status.OPEN), eq("patientId", patient.value())))) {
      open.add(flag(tenant, doc));
    }
    open.sort(Comparator.comparing(Flag::raisedAt));
    return open;
  }

  /** When each of the patient's resolved flags was resolved (a clinician resumed the plan it suspended). */
  public Map<UUID, Date> resolvedOf(Tenant tenant, PatientId patient) {
    Map<UUID, Date> resolved = new HashMap<>();
    for (Document doc : flags.find(tenant, Filters.and(filter(Status.RESOLVED), eq("patientId", patient.value())))) {
      resolved.put(UUID.fromString(doc.getString("flagId")), doc.getDate("resolvedAt"));
    }
    return resolved;
  }

  /** How many of the clinic's flags have {@code status} (all when null), counted up to {@code atMost}. */
  public long count(Tenant tenant, Status status, int atMost) {
    return flags.count(tenant, filter(status), atMost);
  }

  private static Bson filter(Status status) {
    // a resolution seen before its flag leaves a document with no raisedAt yet: not listed until the flag
    // arrives. A range rather than $exists, so that the (status, raisedAt) index answers a count alone.
    Bson raised = Filters.gte("raisedAt", RAISED_EVER);
    return status == null ? raised : Filters.and(raised, eq("status", status.name()));
  }

  private Flag flag(Tenant tenant, Document doc) {
    String flagId = doc.getString("flagId");
    PatientId patient = PatientId.of(doc.getString("patientId"));
    return new Flag(UUID.fromString(flagId), patient.value(),
        payloads.openField(tenant, patient, place(flagId, "code"), doc.getString("code")),
        doc.getString("severity"), doc.getString("recommendation"), doc.getString("source"),
        uuid(doc.getString("triageId")), uuid(doc.getString("planId")),
        SealedReasons.open(payloads, tenant, patient, place(flagId, "reasons"), doc.get("reasons")),
        doc.getDate("raisedAt"), Status.valueOf(doc.getString("status")), doc.getDate("resolvedAt"));
  }

  private static String place(String flagId, String field) {
    return "red_flag_inbox/" + flagId + "/" + field;
  }

  private static UUID uuid(String text) {
    return text == null ? null : UUID.fromString(text);
  }
}
