package care.thoracic.reminder.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.PatientErased;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.eventsourcing.projection.PatientData;
import care.thoracic.reminder.domain.FeedEntry;
import care.thoracic.reminder.domain.FeedEntryKind;
import care.thoracic.reminder.domain.FeedNotice;
import care.thoracic.reminder.domain.PushNotice;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.LongStream;
import org.bson.Document;

/**
 * Each patient's feed: what the app shows, numbered 1, 2, 3 ... per patient (tenant and patient id),
 * with no gap and no number given twice.
 *
 * <p>How: an entry's id is its number ({@code tenant/patient/sequence}), and a second unique index
 * holds what it is about ({@code sourceKey}). A writer takes the number after the patient's head and
 * inserts; if another writer (another topic's consumer, for the same patient) took that number first,
 * the insert fails on the id and the writer tries the next; if the same thing was numbered already
 * (a redelivered event), it fails on the source and that entry is the answer. A number is therefore
 * only ever spent by an entry that exists, and entry n+1 is written only after entry n is: a reader
 * that reads entries after n never finds n+2 before n+1 is there to read. The head document says
 * how far the feed goes (a page's {@code more}, the streams' heartbeat) and saves probing: a crash
 * between an insert and the head's update leaves it one behind until the event comes again (the
 * append that finds its entry moves the head up to it) or the next writer steps over the number.
 *
 * <p>What an entry says (title, text, details) is sealed with the patient's key, bound to the entry;
 * what it is found and ordered by stays readable. Entries written before (2026-12-01) say it in the
 * clear and still read.
 */
@Singleton
public class PatientFeed implements PatientData {
  /** Error code of a duplicate key (a unique index said no). */
  private static final int DUPLICATE_KEY = 11000;

  /** Feed heads read in one query by a heartbeat. */
  private static final int HEADS_AT_ONCE = 1_000;

  private final MongoCollection<Document> entries;
  private final MongoCollection<Document> heads;
  private final PatientPayloads payloads;

  /** An entry, and whether this append wrote it (false: the same thing was in the feed already). */
  public record Appended(FeedEntry entry, boolean written) {}

  @Inject
  public PatientFeed(MongoDatabase database, PatientPayloads payloads) {
    this.payloads = payloads;
    this.entries = database.getCollection("patient_feed");
    this.heads = database.getCollection("patient_feed_heads");
    entries.createIndex(Indexes.ascending("tenant", "patientId", "sourceKey"),
        new IndexOptions().unique(true).name("by_source"));
  }

  /** Numbers {@code notice} as the patient's next entry, unless the feed has it already. */
  public Appended append(Tenant tenant, PatientId patient, FeedNotice notice) {
    Optional<FeedEntry> existing = bySource(tenant, patient, notice.sourceKey());
    if (existing.isPresent()) {
      advanceHead(tenant, patient, existing.get().sequence()); // a crash may have left it behind
      return new Appended(existing.get(), false);
    }
    long sequence = head(tenant, patient) + 1;
    while (true) {
      try {
        entries.insertOne(document(tenant, patient, sequence, notice));
        break;
      } catch (MongoWriteException e) {
        if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY && e.getCode() != DUPLICATE_KEY) {
          throw e;
        }
        existing = bySource(tenant, patient, notice.sourceKey());
        if (existing.isPresent()) {
          advanceHead(tenant, patient, existing.get().sequence());
          return new Appended(existing.get(), false);
        }
        sequence++; // another writer numbered something else with it
      }
    }
    advanceHead(tenant, patient, sequence);
    return new Appended(new FeedEntry(tenant, patient, sequence, notice), true);
  }

  private void advanceHead(Tenant tenant, PatientId patient, long sequence) {
    heads.updateOne(eq("_id", patientKey(tenant, patient)), Updates.max("last", sequence),
        new UpdateOptions().upsert(true));
  }

  /** The highest number the patient's feed has given (0 for none). */
  public long head(Tenant tenant, PatientId patient) {
    Document head = heads.find(eq("_id", patientKey(tenant, patient))).first();
    return head == null ? 0 : ((Number) head.get("last")).longValue();
  }

  /**
   * The heads of the feeds named by {@link #patientKey} in {@code patientKeys} (absent: nothing
   * numbered yet), read in batches: what a heartbeat needs to know which followed feeds moved.
   */
  public Map<String, Long> headsOf(Collection<String> patientKeys) {
    Map<String, Long> found = new HashMap<>();
    List<String> keys = List.copyOf(patientKeys);
    for (int from = 0; from < keys.size(); from += HEADS_AT_ONCE) {
      heads.find(in("_id", keys.subList(from, Math.min(keys.size(), from + HEADS_AT_ONCE))))
          .forEach(head -> found.put(head.getString("_id"), ((Number) head.get("last")).longValue()));
    }
    return found;
  }

  /**
   * Up to {@code limit} entries numbered after {@code after}, in order, stopping before the first
   * number not written yet: what a client that has seen {@code after} reads next. Read by id, so the
   * cost is the page's, whatever the feed's length.
   */
  public List<FeedEntry> after(Tenant tenant, PatientId patient, long after, int limit) {
    List<String> ids = LongStream.rangeClosed(after + 1, after + limit)
        .mapToObj(sequence -> entryId(tenant, patient, sequence)).toList();
    List<FeedEntry> found = new ArrayList<>();
    entries.find(in("_id", ids)).forEach(doc -> found.add(entry(tenant, patient, doc)));
    found.sort(Comparator.comparingLong(FeedEntry::sequence));
    List<FeedEntry> contiguous = new ArrayList<>();
    long expected = after + 1;
    for (FeedEntry entry : found) {
      if (entry.sequence() != expected) {
        break;
      }
      contiguous.add(entry);
      expected++;
    }
    return contiguous;
  }

  private Optional<FeedEntry> bySource(Tenant tenant, PatientId patient, String sourceKey) {
    Document doc = entries.find(and(eq("tenant", tenant.id()), eq("patientId", patient.value()),
        eq("sourceKey", sourceKey))).first();
    return Optional.ofNullable(doc).map(found -> entry(tenant, patient, found));
  }

  private Document document(Tenant tenant, PatientId patient, long sequence, FeedNotice notice) {
    String id = entryId(tenant, patient, sequence);
    Document doc = new Document("_id", id).append("tenant", tenant.id())
        .append("patientId", patient.value()).append("sequence", sequence).append("sourceKey", notice.sourceKey())
        .append("kind", notice.kind().name()).append("occurredAt", Date.from(notice.occurredAt()))
        .append("title", payloads.sealField(tenant, patient, id + "/title", notice.title()))
        .append("text", payloads.sealField(tenant, patient, id + "/text", notice.text()))
        .append("planId", notice.planId() == null ? null : notice.planId().toString())
        .append("details", payloads.sealField(tenant, patient, id + "/details",
            new Document(new LinkedHashMap<String, Object>(notice.details())).toJson()));
    PushNotice push = notice.push();
    if (push != null) {
      doc.append("push", new Document("lockScreenText", push.lockScreenText()).append("topic", push.topic())
          .append("urgency", push.urgency().name()).append("ttlSeconds", push.timeToLive().toSeconds()));
    }
    return doc;
  }

  private FeedEntry entry(Tenant tenant, PatientId patient, Document doc) {
    String id = doc.getString("_id");
    Map<String, String> details = new LinkedHashMap<>();
    Object storedDetails = doc.get("details");
    Document detailsDoc = storedDetails instanceof String sealed // else a Document, written in the clear before
        ? Document.parse(payloads.openField(tenant, patient, id + "/details", sealed)) : (Document) storedDetails;
    detailsDoc.forEach((name, value) -> details.put(name, String.valueOf(value)));
    Document push = doc.get("push", Document.class);
    String planId = doc.getString("planId");
    return new FeedEntry(tenant, patient, ((Number) doc.get("sequence")).longValue(), new FeedNotice(
        doc.getString("sourceKey"), FeedEntryKind.valueOf(doc.getString("kind")), doc.getDate("occurredAt").toInstant(),
        payloads.openField(tenant, patient, id + "/title", doc.getString("title")),
        payloads.openField(tenant, patient, id + "/text", doc.getString("text")), planId == null ? null : UUID.fromString(planId), details,
        push == null ? null : new PushNotice(push.getString("lockScreenText"), push.getString("topic"),
            PushNotice.Urgency.valueOf(push.getString("urgency")),
            Duration.ofSeconds(((Number) push.get("ttlSeconds")).longValue()))));
  }

  /** How a patient's feed is named: tenant and patient id. */
  public static String patientKey(Tenant tenant, PatientId patient) {
    return tenant.id() + "/" + patient.value();
  }

  private static String entryId(Tenant tenant, PatientId patient, long sequence) {
    return patientKey(tenant, patient) + "/" + sequence;
  }

  @Override
  public void forget(Tenant tenant, PatientErased erasure) {
    entries.deleteMany(and(eq("tenant", tenant.id()), eq("patientId", erasure.patientId().value())));
    heads.deleteOne(eq("_id", patientKey(tenant, erasure.patientId())));
  }
}
