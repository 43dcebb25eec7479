package care.thoracic.plan.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.AccessAction;
import care.thoracic.contracts.clinical.AccessOutcome;
import care.thoracic.contracts.events.PatientDataAccessed;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Sorts;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bson.Document;

/**
 * The clinic's access log: every {@link PatientDataAccessed} any service published, kept per
 * clinic and patient, append-only. Each record is stored under its access id, so a record
 * delivered twice is stored once, and nothing is ever updated.
 */
@Singleton
public class AccessLog {
  static final String COLLECTION = "access_log";

  /** One access as the log shows it. */
  public record Entry(UUID accessId, String patientId, Date accessedAt, String subject, List<String> roles,
      String service, AccessAction action, String resource, AccessOutcome outcome, int status, String correlationId,
      boolean viaTicket) {

    /** The same entry naming someone else as the one who accessed. */
    public Entry withSubject(String shownSubject) {
      return new Entry(accessId, patientId, accessedAt, shownSubject, roles, service, action, resource, outcome, status,
          correlationId, viaTicket);
    }
  }

  private final MongoCollection<Document> entries;

  @Inject
  public AccessLog(MongoDatabase database) {
    this.entries = database.getCollection(COLLECTION);
    entries.createIndex(Indexes.compoundIndex(Indexes.ascending("tenant", "patientId"),
        Indexes.descending("accessedAt", "_id")), new IndexOptions().name("patient_newest_first"));
  }

  /**
   * Stores the records, each once: one unordered write for all of them, where a record already
   * stored (a redelivery) is skipped and the others are still written.
   */
  public void record(List<EventEnvelope<PatientDataAccessed>> accesses) {
    if (accesses.isEmpty()) {
      return;
    }
    List<Document> documents = new ArrayList<>(accesses.size());
    for (EventEnvelope<PatientDataAccessed> envelope : accesses) {
      PatientDataAccessed access = envelope.event();
      documents.add(new Document("_id", access.accessId().toString())
          .append("tenant", envelope.metadata().tenant().id())
          .append("patientId", access.patientId().value())
          .append("accessedAt", Date.from(access.accessedAt()))
          .append("subject", access.subject())
          .append("roles", access.roles())
          .append("service", access.service())
          .append("action", access.action().name())
          .append("resource", access.resource())
          .append("outcome", access.outcome().name())
          .append("status", access.status())
          .append("correlationId", access.correlationId())
          .append("viaTicket", access.viaTicket()));
    }
    try {
      entries.insertMany(documents, new InsertManyOptions().ordered(false));
    } catch (MongoBulkWriteException e) {
      boolean onlyDuplicates = e.getWriteErrors().stream()
          .allMatch(error -> ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY);
      if (!onlyDuplicates) {
        throw e;
      }
    }
  }

  /** The patient's accesses in their clinic, newest first. */
  public List<Entry> of(Tenant tenant, PatientId patient, int page, int size) {
    List<Entry> found = new ArrayList<>();
    for (Document doc : entries.find(and(eq("tenant", tenant.id()), eq("patientId", patient.value())))
        .sort(Sorts.orderBy(Sorts.descending("accessedAt"), Sorts.descending("_id"))).skip(page * size).limit(size)) {
      found.add(entry(doc));
    }
    return found;
  }

  public long count(Tenant tenant, PatientId patient) {
    return entries.countDocuments(and(eq("tenant", tenant.id()), eq("patientId", patient.value())));
  }

  private static Entry entry(Document doc) {
    return new Entry(UUID.fromString(doc.getString("_id")), doc.getString("patientId"), doc.getDate("accessedAt"),
        doc.getString("subject"), doc.getList("roles", String.class), doc.getString("service"),
        AccessAction.valueOf(doc.getString("action")), doc.getString("resource"),
        AccessOutcome.valueOf(doc.getString("outcome")), doc.getInteger("status"), doc.getString("correlationId"),
        doc.getBoolean("viaTicket"));
  }
}
