package care.thoracic.reminder.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.nin;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.inc;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.unset;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.PatientErased;
import care.thoracic.eventsourcing.projection.PatientData;
import care.thoracic.reminder.domain.FeedEntry;
import care.thoracic.reminder.domain.PushNotice;
import care.thoracic.reminder.domain.PushSubscription;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.WriteModel;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Web Push deliveries of feed entries to the patient's registered devices: one document per entry
 * and device, whose id is made of both ({@code <subscription>/<tenant>/<patient>/<sequence>}), so
 * enqueueing an entry again (a redelivered event, a consumer that crashed between appending and
 * enqueueing) finds its deliveries there and adds nothing. A delivery is PENDING until a push
 * dispatcher claims it (CLAIMED, under a lease and a claim token, as {@link Reminders} are), then
 * SENT, RETRYING (at {@code retryAt}), CAPPED (the device had its hour's pushes), EXPIRED (its
 * notice outlived its lifetime) or FAILED. A delivery to a device the push service says is gone is
 * deleted with the subscription.
 */
@Singleton
public class PushDeliveries implements PatientData {
  /** See the class comment. */
  public enum Status { PENDING, CLAIMED, RETRYING, SENT, CAPPED, EXPIRED, FAILED }

  /** How long a delivery is kept after its notice's lifetime ended. */
  static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(7);

  private final MongoCollection<Document> deliveries;
  private final PushSubscriptions subscriptions;
  private final Clock clock;

  /** One entry's push to one device, as a dispatcher needs it. */
  public record Delivery(String key, Tenant tenant, PatientId patientId, long sequence, UUID subscriptionId,
      String lockScreenText, String topic, PushNotice.Urgency urgency, Instant enqueuedAt, Instant expiresAt,
      int attempts) {}

  /** Deliveries one dispatcher took, under one claim token, until {@code leaseUntil}. */
  public record Claim(String token, Instant leaseUntil, List<Delivery> deliveries) {}

  /** A delivery a dispatcher may take: enough to take one per device. */
  public record Candidate(String key, UUID subscriptionId) {}

  @Inject
  public PushDeliveries(MongoDatabase database, PushSubscriptions subscriptions, Clock clock) {
    this.deliveries = database.getCollection("push_deliveries");
    this.subscriptions = subscriptions;
    this.clock = clock;
    deliveries.createIndex(Indexes.ascending("status", "enqueuedAt"), new IndexOptions().name("by_status"));
    deliveries.createIndex(Indexes.ascending("subscriptionId", "status", "sentAt"),
        new IndexOptions().name("by_subscription"));
    deliveries.createIndex(Indexes.ascending("claimToken"), new IndexOptions().name("by_claim").sparse(true));
    // a delivery, finished or not (push turned off, say), is removed by the store a week after its
    // notice's lifetime ended: an entry enqueued again after that would be dropped as EXPIRED, never
    // pushed twice
    deliveries.createIndex(Indexes.ascending("expiresAt"),
        new IndexOptions().name("expired_removal").expireAfter(KEPT_AFTER_EXPIRY.toSeconds(), TimeUnit.SECONDS));
  }

  /**
   * Records one delivery per registered device of the entry's patient, for an entry that is pushed
   * ({@code entry.notice().push() != null}); idempotent: an entry enqueued again records nothing new.
   * A device registered after the first enqueue gets the entry too if it is enqueued again.
   */
  public void enqueue(FeedEntry entry) {
    PushNotice push = entry.notice().push();
    if (push == null) {
      return;
    }
    List<PushSubscription> devices = subscriptions.of(entry.tenant(), entry.patientId());
    if (devices.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    // a push is worth sending for its lifetime from the event, not from whenever it is enqueued
    Instant expiresAt = entry.notice().occurredAt().plus(push.timeToLive());
    List<WriteModel<Document>> inserts = new ArrayList<>();
    for (PushSubscription device : devices) {
      inserts.add(new InsertOneModel<>(new Document("_id", key(device.subscriptionId(), entry))
          .append("tenant", entry.tenant().id()).append("patientId", entry.patientId().value())
          .append("sequence", entry.sequence()).append("subscriptionId", device.subscriptionId().toString())
          .append("lockScreenText", push.lockScreenText()).append("topic", push.topic())
          .append("urgency", push.urgency().name()).append("enqueuedAt", Date.from(now))
          .append("expiresAt", Date.from(expiresAt)).append("status", Status.PENDING.name()).append("attempts", 0)));
    }
    try {
      deliveries.bulkWrite(inserts, new BulkWriteOptions().ordered(false));
    } catch (MongoBulkWriteException e) {
      // enqueued before: those deliveries exist (and may be sent already), as intended
      if (e.getWriteErrors().stream().anyMatch(error -> ErrorCategory.fromErrorCode(error.getCode())
          != ErrorCategory.DUPLICATE_KEY)) {
        throw e;
      }
    }
  }

  /**
   * Up to {@code limit} deliveries that could be taken now, leaving out the devices in
   * {@code busy} (those the asking dispatcher is pushing to): pending ones oldest first, then
   * retries whose time has come, then claims whose lease ended.
   */
  public List<Candidate> due(Instant now, int limit, Collection<UUID> busy) {
    List<Candidate> found = new ArrayList<>();
    List<String> skipped = busy.stream().map(UUID::toString).toList();
    candidates(eq("status", Status.PENDING.name()), skipped, true, limit, found);
    candidates(and(eq("status", Status.RETRYING.name()), lte("retryAt", Date.from(now))), skipped, false, limit, found);
    candidates(and(eq("status", Status.CLAIMED.name()), lt("leaseUntil", Date.from(now))), skipped, false, limit,
        found);
    return found;
  }

  private void candidates(Bson takeable, List<String> skipped, boolean oldestFirst, int limit, List<Candidate> into) {
    if (into.size() >= limit) {
      return;
    }
    Bson filter = skipped.isEmpty() ? takeable : and(takeable, nin("subscriptionId", skipped));
    var found = deliveries.find(filter).projection(Projections.include("_id", "subscriptionId"))
        .limit(limit - into.size());
    for (Document doc : oldestFirst ? found.sort(Sorts.ascending("enqueuedAt", "sequence")) : found) {
      into.add(new Candidate(doc.getString("_id"), UUID.fromString(doc.getString("subscriptionId"))));
    }
  }

  /**
   * Takes {@code chosen} (found by {@link #due}) for {@code dispatcher} until {@code now + lease},
   * those still takeable: one conditional update, then what carries the new claim token is read
   * back. Each take counts as an attempt. Two dispatchers never hold the same delivery.
   */
  public Claim take(String dispatcher, Collection<Candidate> chosen, Instant now, Duration lease) {
    String token = dispatcher + "/" + UUID.randomUUID();
    Instant leaseUntil = now.plus(lease);
    if (chosen.isEmpty()) {
      return new Claim(token, leaseUntil, List.of());
    }
    deliveries.updateMany(and(in("_id", chosen.stream().map(Candidate::key).toList()), takeable(now)),
        combine(set("status", Status.CLAIMED.name()), set("claimToken", token), set("claimedBy", dispatcher),
            set("leaseUntil", Date.from(leaseUntil)), inc("attempts", 1)));
    List<Delivery> claimed = new ArrayList<>();
    deliveries.find(eq("claimToken", token)).forEach(doc -> claimed.add(delivery(doc)));
    return new Claim(token, leaseUntil, claimed);
  }

  private static Bson takeable(Instant now) {
    return or(eq("status", Status.PENDING.name()),
        and(eq("status", Status.RETRYING.name()), lte("retryAt", Date.from(now))),
        and(eq("status", Status.CLAIMED.name()), lt("leaseUntil", Date.from(now))));
  }

  /**
   * Extends the claim on {@code delivery} to {@code now + lease}, if it is still this claim's:
   * what a dispatcher does just before it pushes, so that nobody else can take the delivery over
   * while the push is under way; false if another dispatcher took it over (then nothing is pushed).
   * Held means matched: a renewal in the same millisecond as the claim writes the lease it already
   * has, which the store reports as not modified.
   */
  public boolean renew(Claim claim, Delivery delivery, Instant now, Duration lease) {
    return deliveries.updateOne(held(claim, delivery), set("leaseUntil", Date.from(now.plus(lease))))
        .getMatchedCount() == 1;
  }

  /** Concludes a claimed delivery (SENT, CAPPED, EXPIRED, FAILED), if the claim is still this one's. */
  public boolean finish(Claim claim, Delivery delivery, Status outcome, Instant at, String why) {
    Bson conclusion = combine(set("status", outcome.name()), set("finishedAt", Date.from(at)), unset("claimToken"),
        unset("claimedBy"), unset("leaseUntil"));
    if (outcome == Status.SENT) {
      conclusion = combine(conclusion, set("sentAt", Date.from(at)));
    } else if (why != null) {
      conclusion = combine(conclusion, set("lastError", why));
    }
    return deliveries.updateOne(held(claim, delivery), conclusion).getModifiedCount() == 1;
  }

  /** Gives a claimed delivery back to be tried again at {@code retryAt}, if the claim is still this one's. */
  public boolean retryLater(Claim claim, Delivery delivery, Instant retryAt, String lastError) {
    return deliveries.updateOne(held(claim, delivery), combine(set("status", Status.RETRYING.name()),
        set("retryAt", Date.from(retryAt)), set("lastError", lastError), unset("claimToken"), unset("claimedBy"),
        unset("leaseUntil"))).getModifiedCount() == 1;
  }

  /** How many pushes reached the device since {@code since}: what its hourly cap counts. */
  public long sentSince(UUID subscriptionId, Instant since) {
    return deliveries.countDocuments(and(eq("subscriptionId", subscriptionId.toString()),
        eq("status", Status.SENT.name()), gte("sentAt", Date.from(since))));
  }

  /** Deletes every delivery to a removed device: there is nothing left to push them to. */
  public long forget(UUID subscriptionId) {
    return deliveries.deleteMany(eq("subscriptionId", subscriptionId.toString())).getDeletedCount();
  }

  /** The status of the entry's delivery to the device, if there is one: for tests and tools. */
  public Optional<Status> statusOf(UUID subscriptionId, Tenant tenant, PatientId patient, long sequence) {
    return Optional.ofNullable(deliveries.find(eq("_id", key(subscriptionId, tenant, patient, sequence)))
        .first()).map(doc -> Status.valueOf(doc.getString("status")));
  }

  /** The delivery as long as {@code claim} holds it (the token is unique to one claim round). */
  private static Bson held(Claim claim, Delivery delivery) {
    return and(eq("_id", delivery.key()), eq("claimToken", claim.token()), eq("status", Status.CLAIMED.name()));
  }

  private static String key(UUID subscriptionId, FeedEntry entry) {
    return key(subscriptionId, entry.tenant(), entry.patientId(), entry.sequence());
  }

  private static String key(UUID subscriptionId, Tenant tenant, PatientId patient, long sequence) {
    return subscriptionId + "/" + tenant.id() + "/" + patient.value() + "/" + sequence;
  }

  private static Delivery delivery(Document doc) {
    return new Delivery(doc.getString("_id"), Tenant.of(doc.getString("tenant")),
        PatientId.of(doc.getString("patientId")), ((Number) doc.get("sequence")).longValue(),
        UUID.fromString(doc.getString("subscriptionId")), doc.getString("lockScreenText"), doc.getString("topic"),
        PushNotice.Urgency.valueOf(doc.getString("urgency")), doc.getDate("enqueuedAt").toInstant(),
        doc.getDate("expiresAt").toInstant(), doc.getInteger("attempts", 0));
  }

  @Override
  public void forget(Tenant tenant, PatientErased erasure) {
    deliveries.deleteMany(and(eq("tenant", tenant.id()), eq("patientId", erasure.patientId().value())));
  }
}
