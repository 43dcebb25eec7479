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
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.EventType;
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
 * once and published byte for byte. Unpublished commits carry {@code pending: true} until the outbox relay has published
 * them; {@code position} orders commits for the relay and for replays, and grows within a stream.
 */
public final class EventStore {
  public static final String COLLECTION = "event_commits";
  private static final int FIRST_WINDOW = 16;
  private static final int MAX_WINDOW = 512;

  private final MongoCollection<Document> commits;
  private final Clock domainClock;
  private final Clock realClock;
  private final List<Consumer<Commit>> appendListeners = new CopyOnWriteArrayList<>();

  /**
   * @param domainClock the service clock, for {@code occurredAt} (adjustable in dev and test)
   * @param realClock wall time, for ordering and publish latency; never adjusted
   */
  public EventStore(MongoDatabase database, Clock domainClock, Clock realClock) {
    this.commits = database.getCollection(COLLECTION);
    this.domainClock = domainClock;
    this.realClock = realClock;
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
      String payload = json(event);
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

  /** The oldest unpublished commits, in position order: for one stream always a gap-free prefix. */
  public List<Commit> pending(int limit) {
    List<Commit> batch = new ArrayList<>();
    for (Document doc : commits.find(eq("pending", true)).sort(ascending("position")).limit(limit)) {
      batch.add(commit(doc));
    }
    return batch;
  }

  public void markPublished(Collection<String> commitIds, String publisher) {
    if (commitIds.isEmpty()) {
      return;
    }
    commits.updateMany(in("_id", commitIds), combine(unset("pending"), set("publishedAt", Date.from(realClock.instant())),
        set("publishedBy", publisher)));
  }

  /** Every commit of every tenant in position order (each stream in version order), for rebuilds. */
  public void replay(Consumer<Commit> consumer) {
    for (Document doc : commits.find().sort(ascending("position"))) {
      consumer.accept(commit(doc));
    }
  }

  static String commitId(Tenant tenant, String streamId, long firstVersion) {
    return tenant.id() + "/" + streamId + "/" + String.format("%019d", firstVersion);
  }

  private static Commit commit(Document doc) {
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
        .append("payload", payload);
  }

  private static String json(CareEvent event) {
    try {
      return CareJson.mapper().writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("event not serialisable: " + event.getClass().getSimpleName(), e);
    }
  }

  private static List<EventEnvelope<CareEvent>> events(Document commit) {
    Tenant tenant = Tenant.of(commit.getString("tenant"));
    String streamId = commit.getString("streamId");
    List<EventEnvelope<CareEvent>> events = new ArrayList<>();
    for (Document stored : commit.getList("events", Document.class)) {
      EventType type = EventType.byCeType(stored.getString("type"))
          .orElseThrow(() -> new IllegalStateException("stored event of unknown type " + stored.getString("type")));
      EventMetadata metadata = new EventMetadata(UUID.fromString(stored.getString("eventId")), tenant, streamId,
          stored.getLong("version"), Instant.parse(stored.getString("occurredAt")), stored.getString("correlationId"),
          stored.getString("causationId"), Actor.parse(stored.getString("actor")));
      try {
        events.add(new EventEnvelope<>(metadata, CareJson.mapper().readValue(stored.getString("payload"), type.javaType())));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("stored event " + metadata.eventId() + " does not read back", e);
      }
    }
    return events;
  }

  private static List<String> payloads(Document commit) {
    return commit.getList("events", Document.class).stream().map(stored -> stored.getString("payload")).toList();
  }
}
