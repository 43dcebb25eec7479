package care.thoracic.eventsourcing.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Sorts.ascending;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.unset;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.CareJson;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.EventMetadata;
import care.thoracic.contracts.PatientErasedException;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.EventType;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.bson.Document;

/**
 * The event store of one service, in one MongoDB collection of commits.
 *
 * <p>A commit is one document holding every event one command produced, so an append is atomic
 * without transactions (which the embedded store refuses). Its {@code _id} is
 * {@code tenant/stream/first-version}: the unique key that makes concurrent appends from the same
 * head collide, and, because it starts with the tenant, a load can only ever read the caller's
 * tenant. Each event's payload is kept as the JSON string its contract defines, so it is written
 * once and published byte for byte; an event about a patient's care is sealed with the patient's key
 * ({@link PatientPayloads}), so an erased patient's commits stay in place, unreadable, and readers
 * skip them. Unpublished commits carry {@code pending: true} until the outbox relay has published
 * them; {@code position} orders commits for the relay and for replays, and grows within a stream.
 */
public final class EventStore {
  public static final String COLLECTION = "event_commits";
  private static final int SCAN_BATCH = 100;
  /** One document per one-off change of the stored commits that has been completed. */
  public static final String MIGRATIONS = "event_store_migrations";
  private static final String SEALED_PAYLOADS = "sealed-payloads";
  private static final int FIRST_WINDOW = 16;
  private static final int MAX_WINDOW = 512;

  private final MongoCollection<Document> commits;
  private final OneOffChanges migrations;
  private final Clock domainClock;
  private final Clock realClock;
  private final PatientPayloads sealing;
  private final List<Consumer<Commit>> appendListeners = new CopyOnWriteArrayList<>();

  /**
   * @param domainClock the service clock, for {@code occurredAt} (adjustable in dev and test)
   * @param realClock wall time, for ordering and publish latency; never adjusted
   * @param sealing seals and opens the events' payloads with their patients' keys
   */
  public EventStore(MongoDatabase database, Clock domainClock, Clock realClock, PatientPayloads sealing) {
    this.commits = database.getCollection(COLLECTION);
    this.migrations = new OneOffChanges(database, MIGRATIONS, realClock);
    this.domainClock = domainClock;
    this.realClock = realClock;
    this.sealing = sealing;
  }

  /** Indexes a real MongoDB needs for the outbox poll and for replays; the embedded store ignores them. */
  public void ensureIndexes() {
    commits.createIndex(Indexes.ascending("pending", "position"), new IndexOptions().sparse(true).name("outbox_pending"));
    commits.createIndex(Indexes.ascending("position"), new IndexOptions().name("replay_order"));
    commits.createIndex(Indexes.ascending("tenant", "streamId", "firstVersion"), new IndexOptions().name("stream"));
  }

  /**
   * Runs after every successful append, on the appending thread, with the commit as stored: the
   * outbox relay takes it from here without reading it back.
   */
  public void onAppend(Consumer<Commit> listener) {
    appendListeners.add(listener);
  }

  public LoadedStream load(Tenant tenant, String streamId) {
    return loadAfter(StreamHead.newStream(tenant, streamId));
  }

  /**
   * The events appended after {@code head}, and the new head: a follower that keeps the head it
   * last read reads only what is new, however long the stream.
   *
   * @throws PatientErasedException if the stream is about a patient who was erased
   */
  public LoadedStream loadAfter(StreamHead head) {
    Tenant tenant = head.tenant();
    String streamId = head.streamId();
    List<EventEnvelope<CareEvent>> events = new ArrayList<>();
    long next = head.version() + 1;
    int window = FIRST_WINDOW;
    while (true) {
      // Commit ids are predictable (tenant/stream/first-version), so a window of candidate ids is
      // one indexed $in read; a stream of single-event commits loads in one round trip.
      long windowEnd = next + window;
      List<String> candidates = new ArrayList<>(window);
      for (long v = next; v < windowEnd; v++) {
        candidates.add(commitId(tenant, streamId, v));
      }
      Map<Long, Document> byFirstVersion = new HashMap<>();
      for (Document doc : commits.find(in("_id", candidates))) {
        byFirstVersion.put(doc.getLong("firstVersion"), doc);
      }
      Document commit;
      while ((commit = byFirstVersion.get(next)) != null) {
        if (!tenant.id().equals(commit.getString("tenant"))) {
          throw new IllegalStateException("commit " + commit.get("_id") + " is not of tenant " + tenant);
        }
        events.addAll(events(commit));
        head = new StreamHead(tenant, streamId, commit.getLong("lastVersion"), commit.getLong("position"));
        next = head.version() + 1;
      }
      if (next < windowEnd) {
        return new LoadedStream(head, events);
      }
      window = Math.min(window * 2, MAX_WINDOW);
    }
  }

  /**
   * Appends every event of one command atomically after {@code head}.
   *
   * @return the stored envelopes, with their versions and ids, and the new head
   * @throws ConcurrencyConflictException if the stream moved on since {@code head} was read
   * @throws PatientErasedException if the events are about a patient who was erased
   */
  public <E extends CareEvent> Appended<E> append(StreamHead head, List<E> events, Causation causation) {
    if (events.isEmpty()) {
      return new Appended<>(head, List.of());
    }
    Instant occurredAt = domainClock.instant();
    Instant committedAt = realClock.instant();
    long position = Math.max(ChronoUnit.MICROS.between(Instant.EPOCH, committedAt), head.position() + 1);
    long firstVersion = head.version() + 1;
    List<EventEnvelope<E>> envelopes = new ArrayList<>(events.size());
    List<String> payloads = new ArrayList<>(events.size());
    List<Document> documents = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      E event = events.get(i);
      EventMetadata metadata = new EventMetadata(UUID.randomUUID(), head.tenant(), head.streamId(), firstVersion + i,
          occurredAt, causation.correlationId(), causation.causationId(), causation.actor());
      EventEnvelope<E> envelope = new EventEnvelope<>(metadata, event);
      String payload = sealing.seal(envelope, json(event));
      envelopes.add(envelope);
      payloads.add(payload);
      documents.add(document(envelope, payload));
    }
    Document commit = new Document("_id", commitId(head.tenant(), head.streamId(), firstVersion))
        .append("tenant", head.tenant().id())
        .append("streamId", head.streamId())
        .append("firstVersion", firstVersion)
        .append("lastVersion", firstVersion + events.size() - 1)
        .append("position", position)
        .append("committedAt", Date.from(committedAt))
        .append("events", documents)
        .append("pending", true);
    try {
      commits.insertOne(commit);
    } catch (MongoWriteException e) {
      if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
        throw new ConcurrencyConflictException(head);
      }
      throw e;
    }
    long lastVersion = firstVersion + events.size() - 1;
    if (!appendListeners.isEmpty()) {
      List<EventEnvelope<CareEvent>> stored = envelopes.stream().map(e -> e.as(CareEvent.class)).toList();
      Commit appended = new Commit(commit.getString("_id"), head.tenant(), head.streamId(), firstVersion, lastVersion,
          position, committedAt, stored, payloads);
      appendListeners.forEach(listener -> listener.accept(appended));
    }
    return new Appended<>(new StreamHead(head.tenant(), head.streamId(), lastVersion, position), envelopes);
  }

  /**
   * The oldest unpublished commits, in position order: for one stream always a gap-free prefix. A
   * commit of a patient erased before it was published is marked published without being sent
   * (nobody could read it).
   */
  public List<Commit> pending(int limit) {
    List<Commit> batch = new ArrayList<>();
    List<String> erased = new ArrayList<>();
    for (Document doc : commits.find(eq("pending", true)).sort(ascending("position")).limit(limit)) {
      try {
        batch.add(commit(doc));
      } catch (PatientErasedException e) {
        erased.add(doc.getString("_id"));
      }
    }
    markPublished(erased, "nobody: patient erased");
    return batch;
  }

  public void markPublished(Collection<String> commitIds, String publisher) {
    if (commitIds.isEmpty()) {
      return;
    }
    commits.updateMany(in("_id", commitIds), combine(unset("pending"), set("publishedAt", Date.from(realClock.instant())),
        set("publishedBy", publisher)));
  }

  /**
   * Every commit of every tenant in position order (each stream in version order), for rebuilds;
   * erased patients' commits are left out.
   *
   * @return how many commits were left out because their patient is erased
   */
  public long replay(Consumer<Commit> consumer) {
    long erased = 0;
    for (Document doc : commits.find().sort(ascending("position"))) {
      Commit commit;
      try {
        commit = commit(doc);
      } catch (PatientErasedException e) {
        erased++;
        continue;
      }
      consumer.accept(commit);
    }
    return erased;
  }

  /**
   * Seals, in place, what was stored in the clear before payloads were sealed (events without a
   * {@code patientId}): each such event gets its patient's id, and its payload is sealed with the
   * patient's key, or, if the patient was erased meanwhile, replaced by bytes no key opens. Versions,
   * ids and positions stay as they were, so nothing is published or projected again. Done once per
   * store (a marker in {@value #MIGRATIONS} says so); safe to run on several instances at once.
   *
   * @return how many commits were sealed
   */
  public long sealClearCommits() {
    return migrations.runOnce(SEALED_PAYLOADS, () -> {
      long sealed = 0;
      // in batches: the embedded store answers a find without a batch size in one reply, which fails past 48 MB
      for (Document doc : commits.find().batchSize(SCAN_BATCH)) {
        List<Document> stored = doc.getList("events", Document.class);
        if (stored.stream().allMatch(event -> event.containsKey("patientId"))) {
          continue;
        }
        List<EventEnvelope<CareEvent>> events = events(doc, false);
        List<Document> resealed = new ArrayList<>(stored.size());
        for (int i = 0; i < stored.size(); i++) {
          EventEnvelope<CareEvent> event = events.get(i);
          String payload;
          try {
            payload = sealing.seal(event, stored.get(i).getString("payload"));
          } catch (PatientErasedException erased) {
            payload = PatientPayloads.unopenable();
          }
          resealed.add(document(event, payload));
        }
        commits.updateOne(eq("_id", doc.getString("_id")), set("events", resealed));
        sealed++;
      }
      return sealed;
    });
  }

  static String commitId(Tenant tenant, String streamId, long firstVersion) {
    return tenant.id() + "/" + streamId + "/" + String.format("%019d", firstVersion);
  }

  private Commit commit(Document doc) {
    return new Commit(doc.getString("_id"), Tenant.of(doc.getString("tenant")), doc.getString("streamId"),
        doc.getLong("firstVersion"), doc.getLong("lastVersion"), doc.getLong("position"),
        doc.getDate("committedAt").toInstant(), events(doc), payloads(doc));
  }

  private static Document document(EventEnvelope<?> envelope, String payload) {
    EventMetadata m = envelope.metadata();
    return new Document("eventId", m.eventId().toString())
        .append("type", envelope.type().ceType())
        .append("version", m.streamVersion())
        .append("occurredAt", m.occurredAt().toString())
        .append("correlationId", m.correlationId())
        .append("causationId", m.causationId())
        .append("actor", m.actor().toString())
        // null for a clinic's own event: the key is there, so the commit is not of the shape before sealing
        .append("patientId", envelope.event().patientId() == null ? null : envelope.event().patientId().value())
        .append("payload", payload);
  }

  private static String json(CareEvent event) {
    try {
      return CareJson.mapper().writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("event not serialisable: " + event.getClass().getSimpleName(), e);
    }
  }

  private List<EventEnvelope<CareEvent>> events(Document commit) {
    return events(commit, true);
  }

  /** @param readableOnly refuse events of erased patients (every reader but the migration that seals them) */
  private List<EventEnvelope<CareEvent>> events(Document commit, boolean readableOnly) {
    Tenant tenant = Tenant.of(commit.getString("tenant"));
    String streamId = commit.getString("streamId");
    List<EventEnvelope<CareEvent>> events = new ArrayList<>();
    for (Document stored : commit.getList("events", Document.class)) {
      EventType type = EventType.byCeType(stored.getString("type"))
          .orElseThrow(() -> new IllegalStateException("stored event of unknown type " + stored.getString("type")));
      EventMetadata metadata = new EventMetadata(UUID.fromString(stored.getString("eventId")), tenant, streamId,
          stored.getLong("version"), Instant.parse(stored.getString("occurredAt")), stored.getString("correlationId"),
          stored.getString("causationId"), Actor.parse(stored.getString("actor")));
      // commits stored before payloads were sealed have no patientId, and are in the clear
      String patientId = stored.getString("patientId");
      String json = sealing.open(tenant, patientId == null ? null : PatientId.of(patientId), type,
          metadata.eventId(), stored.getString("payload"));
      EventEnvelope<CareEvent> event;
      try {
        event = new EventEnvelope<>(metadata, CareJson.mapper().readValue(json, type.javaType()));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("stored event " + metadata.eventId() + " does not read back", e);
      }
      if (patientId == null && readableOnly) {
        sealing.requireReadable(event); // stored in the clear before sealing existed
      }
      events.add(event);
    }
    return events;
  }

  private static List<String> payloads(Document commit) {
    return commit.getList("events", Document.class).stream().map(stored -> stored.getString("payload")).toList();
  }
}
