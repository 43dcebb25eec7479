package care.thoracic.eventsourcing.testing;

import care.thoracic.eventsourcing.crypto.KeyEncryptionKey;
import care.thoracic.eventsourcing.crypto.PatientKeys;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.testkit.TestKek;
import com.mongodb.client.MongoClient;
import java.time.Clock;
import java.time.Duration;

/**
 * The key vault as the services of the test JVM have it (the JVM's key-encryption key, the default
 * vault database), for tests that seal or open events outside a service.
 */
public final class TestPatientKeys {
  private TestPatientKeys() {}

  /** The vault on the store {@code client} reaches, under the test JVM's key-encryption key. */
  public static PatientKeys on(MongoClient client) {
    return on(client, TestKek.base64());
  }

  /** The same under another key-encryption key (e.g. to show a mismatch is named). */
  public static PatientKeys on(MongoClient client, String kekBase64) {
    return new PatientKeys(client.getDatabase(PatientKeys.DEFAULT_DATABASE), KeyEncryptionKey.fromBase64(kekBase64),
        Duration.ofSeconds(60), Clock.systemUTC());
  }

  public static PatientPayloads payloads(MongoClient client) {
    return new PatientPayloads(on(client));
  }
}
