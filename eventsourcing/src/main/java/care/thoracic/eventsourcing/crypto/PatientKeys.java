package care.thoracic.eventsourcing.crypto;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.setOnInsert;
import static com.mongodb.client.model.Updates.unset;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientErasedException;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * The key vault: one data key per patient, stored wrapped by the key-encryption key in a database
 * every service shares ({@code care.crypto.key-database}), so any service can open what another
 * sealed. A key is made the first time a patient's event is sealed, once even when instances race
 * (the insert of a second one collides on the patient's id). Erasing destroys it and leaves a
 * tombstone, so no key is ever made for that patient again.
 *
 * <p>Instances keep keys in memory for {@code cacheTtl}: an erasure takes at most that long to reach
 * every instance's sealing and opening (the erasure's own event reaches their projections sooner).
 */
public final class PatientKeys {
  public static final String COLLECTION = "patient_keys";
  /** The vault's database unless {@code care.crypto.key-database} names another. */
  public static final String DEFAULT_DATABASE = "care-keys";
  private static final int MAX_CACHED = 100_000;

  private final MongoCollection<Document> keys;
  private final KeyEncryptionKey kek;
  private final Duration cacheTtl;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  /** A key, or the fact that there is none any more, and until when to believe it. */
  private record Cached(SecretKey key, long expiresAtMillis) {}

  public PatientKeys(MongoDatabase keyDatabase, KeyEncryptionKey kek, Duration cacheTtl, Clock clock) {
    this.keys = keyDatabase.getCollection(COLLECTION);
    this.kek = kek;
    this.cacheTtl = cacheTtl;
    this.clock = clock;
  }

  /** The patient's key, made now if they have none. @throws PatientErasedException if they were erased */
  public SecretKey keyFor(Tenant tenant, PatientId patient) {
    String owner = EventEnvelope.partitionKey(tenant, patient);
    return known(tenant, patient, owner).orElseGet(() -> make(tenant, patient, owner));
  }

  /**
   * The key a sealed value of this patient was sealed with.
   *
   * @throws PatientErasedException if the patient was erased
   * @throws IllegalArgumentException if the vault has no key for the patient (the value was not sealed here)
   */
  public SecretKey existingKey(Tenant tenant, PatientId patient) {
    String owner = EventEnvelope.partitionKey(tenant, patient);
    return known(tenant, patient, owner)
        .orElseThrow(() -> new IllegalArgumentException("the key vault holds no key for " + owner));
  }

  /** The key from this instance's memory or the vault; none if the vault has none yet. */
  private Optional<SecretKey> known(Tenant tenant, PatientId patient, String owner) {
    SecretKey cached = cached(tenant, patient, owner);
    if (cached != null) {
      return Optional.of(cached);
    }
    Document stored = keys.find(eq("_id", owner)).first();
    return stored == null ? Optional.empty() : Optional.of(remember(owner, unwrap(tenant, patient, owner, stored)));
  }

  private SecretKey make(Tenant tenant, PatientId patient, String owner) {
    SecretKey made = Seal.newKey();
    try {
      keys.insertOne(new Document("_id", owner).append("tenant", tenant.id()).append("patientId", patient.value())
          .append("kek", kek.id()).append("wrapped", new Binary(kek.wrap(made, owner)))
          .append("createdAt", Date.from(clock.instant())));
      return remember(owner, made);
    } catch (MongoWriteException e) {
      if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
      // another instance made it first (or erased the patient meanwhile): theirs is the key
      return known(tenant, patient, owner).orElseThrow(() -> e);
    }
  }

  /**
   * Destroys the patient's key for good: everything sealed with it, in every store, topic and
   * dead-letter topic, can no longer be read. Idempotent.
   *
   * @return false if the patient was erased before
   */
  public boolean destroy(Tenant tenant, PatientId patient) {
    String owner = EventEnvelope.partitionKey(tenant, patient);
    boolean first;
    try {
      // a key not yet erased is replaced by the tombstone; a patient who never had one gets it too
      keys.updateOne(and(eq("_id", owner), exists("erasedAt", false)), combine(unset("wrapped"), unset("kek"),
          set("erasedAt", Date.from(clock.instant())), setOnInsert("tenant", tenant.id()),
          setOnInsert("patientId", patient.value())), new UpdateOptions().upsert(true));
      first = true;
    } catch (MongoWriteException e) {
      if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
      first = false; // the tombstone is there already
    }
    cache.put(owner, new Cached(null, Long.MAX_VALUE));
    return first;
  }

  public boolean isErased(Tenant tenant, PatientId patient) {
    try {
      existingKey(tenant, patient);
      return false;
    } catch (PatientErasedException e) {
      return true;
    } catch (IllegalArgumentException noKeyYet) {
      return false;
    }
  }

  /** @throws PatientErasedException if the patient was erased (a patient without a key yet was not) */
  public void requireNotErased(Tenant tenant, PatientId patient) {
    if (isErased(tenant, patient)) {
      throw new PatientErasedException(tenant, patient);
    }
  }

  /** This instance learnt of an erasure (its event): it stops using the key now, not when its cache expires. */
  public void erasedElsewhere(Tenant tenant, PatientId patient) {
    cache.put(EventEnvelope.partitionKey(tenant, patient), new Cached(null, Long.MAX_VALUE));
  }

  /** How long another instance may still use a key it held when the patient was erased. */
  public Duration cacheTtl() {
    return cacheTtl;
  }

  private SecretKey cached(Tenant tenant, PatientId patient, String owner) {
    Cached cached = cache.get(owner);
    if (cached == null || cached.expiresAtMillis() < clock.millis()) {
      return null;
    }
    if (cached.key() == null) {
      throw new PatientErasedException(tenant, patient);
    }
    return cached.key();
  }

  private SecretKey unwrap(Tenant tenant, PatientId patient, String owner, Document stored) {
    if (stored.containsKey("erasedAt")) {
      cache.put(owner, new Cached(null, Long.MAX_VALUE)); // an erasure is for good
      throw new PatientErasedException(tenant, patient);
    }
    if (!kek.id().equals(stored.getString("kek"))) {
      throw new IllegalStateException("the key of " + owner + " is wrapped by key-encryption key "
          + stored.getString("kek") + ", this service has " + kek.id() + " (care.crypto.kek differs between services?)");
    }
    return kek.unwrap(stored.get("wrapped", Binary.class).getData(), owner);
  }

  private SecretKey remember(String owner, SecretKey key) {
    if (cache.size() >= MAX_CACHED) {
      cache.clear();
    }
    cache.put(owner, new Cached(key, clock.millis() + cacheTtl.toMillis()));
    return key;
  }
}
