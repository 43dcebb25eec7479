package care.thoracic.eventsourcing.projection;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.setOnInsert;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.Tenant;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.CountOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * A projection's documents, always read and written within one tenant.
 *
 * <p>Each document's {@code _id} is {@code tenant/id}, so even a point read cannot reach another
 * clinic; every query method takes the tenant and adds it to the filter. Each document keeps, per
 * source stream and topic, the last event version applied to it ({@code checkpoints}), and an
 * update is applied together with its checkpoint in one atomic document write: an event the
 * document has already seen matches nothing and changes nothing. Versions of one stream arrive in
 * order on one topic, but not across topics, hence one checkpoint per (stream, topic).
 *
 * <p>Keep documents per entity (a plan, a patient); a clinic-wide figure is a query over them,
 * not a document every stream updates.
 */
public final class ProjectionCollection {
  private final MongoCollection<Document> documents;

  public ProjectionCollection(MongoDatabase database, String name) {
    this.documents = database.getCollection(name);
  }

  /**
   * An index for tenant-scoped queries: the tenant, then {@code fields}; equality on the first ones,
   * a range on the next, and a sort on those after it are answered from the index (also by the
   * test kit's store).
   */
  public ProjectionCollection index(String... fields) {
    String[] keys = new String[fields.length + 1];
    keys[0] = "tenant";
    System.arraycopy(fields, 0, keys, 1, fields.length);
    documents.createIndex(Indexes.ascending(keys), new IndexOptions());
    return this;
  }

  /** An index over every clinic's documents, for a service's own jobs ({@link #findAcrossTenants}) only. */
  public ProjectionCollection indexAcrossTenants(String... fields) {
    documents.createIndex(Indexes.ascending(fields), new IndexOptions());
    return this;
  }

  /**
   * Applies {@code update} to document {@code id} of the event's tenant, creating it if needed,
   * unless this document has already applied this event's stream at this version or later.
   *
   * @return false when the event had been applied before (a redelivery)
   */
  public boolean applyOnce(EventEnvelope<?> event, String id, Bson update) {
    Tenant tenant = event.tenant();
    Bson withCheckpoint = combine(update, checkpointed(event), setOnInsert("tenant", tenant.id()),
        setOnInsert("id", id));
    try {
      documents.updateOne(and(eq("_id", key(tenant, id)), notYetApplied(event)), withCheckpoint,
          new UpdateOptions().upsert(true));
      return true;
    } catch (MongoWriteException e) {
      // The document exists but has seen this version: the upsert's insert collides with it.
      if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Applies {@code update} to a document found before ({@link #get}) if it has not applied this
   * event's stream at this version yet and still matches {@code stillMatching}: one write for an
   * event whose change was computed from what the document held when read.
   *
   * @return false when nothing changed: the event had been applied, or the document changed since
   *     (or is gone); the caller then applies it as {@link #applyOnce} does
   */
  public boolean applyOnceToFound(EventEnvelope<?> event, Document found, Bson stillMatching, Bson update) {
    return documents.updateOne(and(eq("_id", found.get("_id")), notYetApplied(event), stillMatching),
        combine(update, checkpointed(event))).getMatchedCount() > 0;
  }

  private static Bson notYetApplied(EventEnvelope<?> event) {
    String checkpoint = checkpoint(event);
    long version = event.metadata().streamVersion();
    return or(lt(checkpoint, version), exists(checkpoint, false));
  }

  private static Bson checkpointed(EventEnvelope<?> event) {
    return set(checkpoint(event), event.metadata().streamVersion());
  }

  private static String checkpoint(EventEnvelope<?> event) {
    return "checkpoints." + laneKey(event);
  }

  public Optional<Document> get(Tenant tenant, String id) {
    return Optional.ofNullable(documents.find(eq("_id", key(tenant, id))).first());
  }

  /** Only the named fields of the document (and {@code id}), for a reader that needs a few of a large one. */
  public Optional<Document> get(Tenant tenant, String id, List<String> fields) {
    List<String> wanted = new ArrayList<>(fields);
    wanted.add("id");
    return Optional.ofNullable(documents.find(eq("_id", key(tenant, id))).projection(Projections.include(wanted))
        .first());
  }

  /**
   * The document as {@code projection} shapes it (a slice of an array, say), with its {@code id}, if
   * it matches {@code condition} (the field sliced exists: the embedded store cannot answer a slice of
   * a missing one).
   */
  public Optional<Document> get(Tenant tenant, String id, Bson condition, Bson projection) {
    return Optional.ofNullable(documents.find(and(eq("_id", key(tenant, id)), condition))
        .projection(Projections.fields(Projections.include("id"), projection)).first());
  }

  /** Documents of {@code tenant} matching {@code filter}; sort, skip and limit as the caller needs. */
  public FindIterable<Document> find(Tenant tenant, Bson filter) {
    return documents.find(and(eq("tenant", tenant.id()), filter));
  }

  public FindIterable<Document> find(Tenant tenant) {
    return documents.find(eq("tenant", tenant.id()));
  }

  /**
   * For a service's own background jobs only (a scheduler working through every clinic): each
   * document carries its {@code tenant}, and whatever is done with it must stay in that tenant.
   * Never for answering a request.
   */
  public FindIterable<Document> findAcrossTenants(Bson filter) {
    return documents.find(filter);
  }

  /**
   * A document found before ({@link #get}, {@link #findAcrossTenants}), changed where it is if it
   * still matches {@code stillMatching}: an event applied meanwhile is not overwritten.
   *
   * @return false when it no longer matched (or is gone), and nothing changed
   */
  public boolean updateFound(Document found, Bson stillMatching, Bson update) {
    return documents.updateOne(and(eq("_id", found.get("_id")), stillMatching), update).getMatchedCount() > 0;
  }

  /**
   * Changes document {@code id} of the tenant if it matches {@code condition} (never creating it): a
   * second step of an event's change that depends on what other events left there.
   */
  public void updateIf(Tenant tenant, String id, Bson condition, Bson update) {
    documents.updateOne(and(eq("_id", key(tenant, id)), condition), update);
  }

  /**
   * How many of the tenant's documents match {@code filter}, counting no further than {@code atMost}:
   * a count walks the index's matching keys, so a clinic-wide list's total is bounded to stay cheap.
   */
  public long count(Tenant tenant, Bson filter, int atMost) {
    return documents.countDocuments(and(eq("tenant", tenant.id()), filter), new CountOptions().limit(atMost));
  }

  /** Removes the tenant's documents matching {@code filter}: what an erasure asks a projection to forget. */
  public void forget(Tenant tenant, Bson filter) {
    documents.deleteMany(and(eq("tenant", tenant.id()), filter));
  }

  /** Removes every document, of every tenant: only for a rebuild. */
  public void dropAll() {
    documents.deleteMany(Filters.empty());
  }

  private static String key(Tenant tenant, String id) {
    return tenant.id() + "/" + id;
  }

  /** Field names may not contain '.', which stream ids and topic names may: '~' appears in neither. */
  private static String laneKey(EventEnvelope<?> event) {
    return (event.metadata().streamId() + "@" + event.type().topic().topicName()).replace('.', '~');
  }
}
