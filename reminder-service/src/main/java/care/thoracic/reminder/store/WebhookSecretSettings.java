package care.thoracic.reminder.store;

import static com.mongodb.client.model.Filters.eq;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.WebhookSecretSet;
import care.thoracic.eventsourcing.crypto.KeyEncryptionKey;
import care.thoracic.eventsourcing.store.Causation;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.eventsourcing.store.LoadedStream;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * Each clinic's webhook signing secret as its admins set it through the API. Every setting is an
 * event ({@link WebhookSecretSet} on the clinic's stream {@value #STREAM}: who and when in its
 * metadata, why in its reason, the secret named by its fingerprint); the secrets themselves sit in
 * {@code clinic_webhook_secrets}, one document per secret ever set, sealed by the deployment's
 * key-encryption key. The newest event names the secret in force: a crash between storing a secret
 * and recording its event leaves a document no event names, never a setting without its secret.
 */
@Singleton
public class WebhookSecretSettings {
  static final String STREAM = "clinic-webhook-secret";

  private final MongoCollection<Document> secrets;
  private final EventStore store;
  private final KeyEncryptionKey kek;
  private final Clock clock;

  /** The setting in force: the secret, and the event that set it. */
  public record InForce(String secret, EventEnvelope<WebhookSecretSet> setting) {}

  @Inject
  public WebhookSecretSettings(MongoDatabase database, EventStore store, KeyEncryptionKey kek, Clock clock) {
    this.secrets = database.getCollection("clinic_webhook_secrets");
    this.store = store;
    this.kek = kek;
    this.clock = clock;
  }

  /** The secret the clinic's admins set last, if they ever set one. */
  public Optional<InForce> inForce(Tenant tenant) {
    return store.load(tenant, STREAM).newest(WebhookSecretSet.class).map(setting -> {
      Document stored = secrets.find(eq("_id", documentId(tenant, setting.event().fingerprint()))).first();
      if (stored == null) {
        throw new IllegalStateException("the webhook secret " + setting.event().fingerprint() + " of " + tenant.id()
            + " is recorded as set but not stored");
      }
      byte[] secret = kek.openSecret(stored.get("sealed", Binary.class).getData(), documentId(tenant,
          setting.event().fingerprint()));
      return new InForce(new String(secret, StandardCharsets.UTF_8), setting);
    });
  }

  /**
   * Sets the clinic's secret (a rotation when one was in force, set here or by the deployment).
   *
   * @throws care.thoracic.eventsourcing.store.ConcurrencyConflictException if another admin set one meanwhile
   */
  public EventEnvelope<WebhookSecretSet> set(Tenant tenant, String secret, boolean rotated, String reason,
      Causation causation) {
    String fingerprint = fingerprint(secret);
    String id = documentId(tenant, fingerprint);
    try {
      secrets.insertOne(new Document("_id", id).append("tenant", tenant.id()).append("fingerprint", fingerprint)
          .append("kek", kek.id()).append("sealed", new Binary(kek.sealSecret(secret.getBytes(StandardCharsets.UTF_8), id)))
          .append("storedAt", Date.from(clock.instant())));
    } catch (MongoWriteException e) {
      if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
      // this secret was set before (set back after a rotation): its document is there already
    }
    LoadedStream settings = store.load(tenant, STREAM);
    return store.append(settings.head(), List.of(new WebhookSecretSet(fingerprint, rotated, reason)), causation)
        .events().getFirst();
  }

  /** The first 16 hex digits of the secret's SHA-256: names it in events and answers, never reveals it. */
  public static String fingerprint(String secret) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static String documentId(Tenant tenant, String fingerprint) {
    return tenant.id() + ":" + fingerprint;
  }
}
