package care.thoracic.reminder.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.PatientErased;
import care.thoracic.eventsourcing.projection.PatientData;
import care.thoracic.reminder.domain.PushSubscription;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;

/**
 * Patients' Web Push subscriptions, one document per clinic and push endpoint, keyed by the
 * SHA-256 of both (an endpoint is one browser's subscription, and can be longer than a key should
 * be). In a clinic an endpoint belongs to the patient who registered it last: a shared device on
 * which another patient signs in stops getting the first one's pushes at once. Another clinic's
 * registration of the same endpoint is a subscription of its own, so nobody outside the clinic can
 * take a device over. Every query names the clinic.
 */
@Singleton
public class PushSubscriptions implements PatientData {
  private final MongoCollection<Document> subscriptions;

  /** The subscription as stored, and whether this registration made it (false: keys of one it had, renewed). */
  public record Registered(PushSubscription subscription, boolean created) {}

  /** The patient has as many devices as they may: registering another needs one removed first. */
  public static final class TooManyDevicesException extends RuntimeException {
    public TooManyDevicesException(int max) {
      super("the patient has " + max + " devices registered for push, the most allowed (reminders.push."
          + "max-devices-per-patient): remove one (DELETE with its endpoint) before adding another");
    }
  }

  @Inject
  public PushSubscriptions(MongoDatabase database) {
    this.subscriptions = database.getCollection("push_subscriptions");
    subscriptions.createIndex(Indexes.ascending("tenant", "patientId"), new IndexOptions().name("by_patient"));
    subscriptions.createIndex(Indexes.ascending("subscriptionId"), new IndexOptions().name("by_id").unique(true));
  }

  /**
   * Registers {@code endpoint} with its keys for the patient: the keys of a subscription the
   * patient has already are replaced (a browser renews them); a new one is added if the patient
   * has fewer than {@code maxDevices}, taking the endpoint over from whoever had it before.
   *
   * @throws TooManyDevicesException when the patient is at {@code maxDevices}; nothing changed
   */
  public Registered register(Tenant tenant, PatientId patient, URI endpoint, String p256dh, String auth, Instant now,
      int maxDevices) {
    String key = endpointKey(tenant, endpoint);
    Document renewed = subscriptions.findOneAndUpdate(and(eq("_id", key), eq("tenant", tenant.id()),
        eq("patientId", patient.value())), combine(set("p256dh", p256dh), set("auth", auth),
        set("updatedAt", Date.from(now))));
    if (renewed != null) {
      return new Registered(subscription(renewed), false);
    }
    // two registrations at the same moment may both pass this count: one device over, not more
    if (subscriptions.countDocuments(and(eq("tenant", tenant.id()), eq("patientId", patient.value()))) >= maxDevices) {
      throw new TooManyDevicesException(maxDevices);
    }
    PushSubscription created = new PushSubscription(UUID.randomUUID(), tenant, patient, endpoint, p256dh, auth, now);
    subscriptions.replaceOne(eq("_id", key), document(key, created).append("updatedAt", Date.from(now)),
        new ReplaceOptions().upsert(true));
    return new Registered(created, true);
  }

  /** The patient's subscriptions, oldest first. */
  public List<PushSubscription> of(Tenant tenant, PatientId patient) {
    List<PushSubscription> found = new ArrayList<>();
    subscriptions.find(and(eq("tenant", tenant.id()), eq("patientId", patient.value())))
        .sort(Sorts.ascending("createdAt", "_id")).forEach(doc -> found.add(subscription(doc)));
    return found;
  }

  public Optional<PushSubscription> byId(UUID subscriptionId) {
    return Optional.ofNullable(subscriptions.find(eq("subscriptionId", subscriptionId.toString())).first())
        .map(PushSubscriptions::subscription);
  }

  /** Removes the patient's subscription of {@code endpoint}, if they have it; answers the one removed. */
  public Optional<PushSubscription> remove(Tenant tenant, PatientId patient, URI endpoint) {
    return Optional.ofNullable(subscriptions.findOneAndDelete(and(eq("_id", endpointKey(tenant, endpoint)),
        eq("tenant", tenant.id()), eq("patientId", patient.value())))).map(PushSubscriptions::subscription);
  }

  /** Removes the subscription the push service said is gone (404, 410); false if it was removed already. */
  public boolean remove(UUID subscriptionId) {
    return subscriptions.deleteOne(eq("subscriptionId", subscriptionId.toString())).getDeletedCount() == 1;
  }

  /** The key of the clinic's subscription of the endpoint: the SHA-256 of both, in hex. */
  static String endpointKey(Tenant tenant, URI endpoint) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest((tenant.id() + "\n" + endpoint).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static Document document(String key, PushSubscription subscription) {
    return new Document("_id", key).append("subscriptionId", subscription.subscriptionId().toString())
        .append("tenant", subscription.tenant().id()).append("patientId", subscription.patientId().value())
        .append("endpoint", subscription.endpoint().toString()).append("p256dh", subscription.p256dh())
        .append("auth", subscription.auth()).append("createdAt", Date.from(subscription.createdAt()));
  }

  private static PushSubscription subscription(Document doc) {
    return new PushSubscription(UUID.fromString(doc.getString("subscriptionId")), Tenant.of(doc.getString("tenant")),
        PatientId.of(doc.getString("patientId")), URI.create(doc.getString("endpoint")), doc.getString("p256dh"),
        doc.getString("auth"), doc.getDate("createdAt").toInstant());
  }

  @Override
  public void forget(Tenant tenant, PatientErased erasure) {
    subscriptions.deleteMany(and(eq("tenant", tenant.id()), eq("patientId", erasure.patientId().value())));
  }
}
