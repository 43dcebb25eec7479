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

  /**
   * What this instance believes of a patient's key, and until when: the key; or that there is none
   * yet (no key, not erased); or that there will never be one again (erased, for good).
   */
  private record Cached(SecretKey key, boolean erased, long expiresAtMillis) {
    static final Cached ERASED = new Cached(null, true, Long.MAX_VALUE);
  }

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
    // "none yet" may be stale here: the value was sealed, so another instance made the key since
    return known(tenant, patient, owner).or(() -> fromVault(tenant, patient, owner))
        .orElseThrow(() -> new IllegalArgumentException("the key vault holds no key for " + owner));
  }

  /**
   * The key from this instance's memory or the vault; none if the vault had none a moment ago (an
   * access check on a patient with no events yet asks the vault once per cache lifetime, not per
   * request).
   */
  private Optional<SecretKey> known(Tenant tenant, PatientId patient, String owner) {
    Cached cached = cache.get(owner);
    if (cached == null || cached.expiresAtMillis() < clock.millis()) {
      return fromVault(tenant, patient, owner);
    }
    if (cached.erased()) {
      throw new PatientErasedException(tenant, patient);
    }
    return Optional.ofNullable(cached.key());
  }

  /** The key as the vault holds it now, past this instance's memory. */
  private Optional<SecretKey> fromVault(Tenant tenant, PatientId patient, String owner) {
    Document stored = keys.find(eq("_id", owner)).first();
    if (stored == null) {
      remember(owner, forAWhile(null));
      return Optional.empty();
    }
    SecretKey key = unwrap(tenant, patient, owner, stored);
    remember(owner, forAWhile(key));
    return Optional.of(key);
  }

  private SecretKey make(Tenant tenant, PatientId patient, String owner) {
    SecretKey made = Seal.newKey();
    try {
      keys.insertOne(new Document("_id", owner).append("tenant", tenant.id()).append("patientId", patient.value())
          .append("kek", kek.id()).append("wrapped", new Binary(kek.wrap(made, owner)))
          .append("createdAt", Date.from(clock.instant())));
      remember(owner, forAWhile(made));
      return made;
    } catch (MongoWriteException e) {
      if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
      // another instance made it first (or erased the patient meanwhile): theirs is the key
      return fromVault(tenant, patient, owner).orElseThrow(() -> e);
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
    cache.put(owner, Cached.ERASED);
    return first;
  }

  /**
   * Whether the patient was erased, as this instance knows it: an erasure elsewhere shows here
   * within {@link #cacheTtl()}, as a key this instance holds is used that long.
   */
  public boolean isErased(Tenant tenant, PatientId patient) {
    try {
      known(tenant, patient, EventEnvelope.partitionKey(tenant, patient));
      return false;
    } catch (PatientErasedException e) {
      return true;
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
    cache.put(EventEnvelope.partitionKey(tenant, patient), Cached.ERASED);
  }

  /** How long another instance may still use a key it held when the patient was erased. */
  public Duration cacheTtl() {
    return cacheTtl;
  }

  private SecretKey unwrap(Tenant tenant, PatientId patient, String owner, Document stored) {
    if (stored.containsKey("erasedAt")) {
      cache.put(owner, Cached.ERASED); // an erasure is for good
      throw new PatientErasedException(tenant, patient);
    }
    if (!kek.id().equals(stored.getString("kek"))) {
      throw new IllegalStateException("the key of " + owner + " is wrapped by key-encryption key "
          + stored.getString("kek") + ", this service has " + kek.id() + " (care.crypto.kek differs between services?)");
    }
    return kek.unwrap(stored.get("wrapped", Binary.class).getData(), owner);
  }

  /** A key (or none yet, null), believed for the cache's lifetime. */
  private Cached forAWhile(SecretKey keyOrNone) {
    return new Cached(keyOrNone, false, clock.millis() + cacheTtl.toMillis());
  }

  private void remember(String owner, Cached what) {
    if (cache.size() >= MAX_CACHED) {
      cache.clear();
    }
    cache.put(owner, what);
  }
}
