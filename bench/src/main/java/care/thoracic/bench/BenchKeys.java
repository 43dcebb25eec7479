package care.thoracic.bench;

import care.thoracic.eventsourcing.crypto.KeyEncryptionKey;
import care.thoracic.eventsourcing.crypto.PatientKeys;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.eventsourcing.crypto.Seal;
import care.thoracic.testkit.TestKek;
import care.thoracic.testkit.TestMongo;
import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

/** Sealing as the services seal: a key vault of the bench's own, under a key-encryption key made for the run. */
final class BenchKeys {
  private BenchKeys() {}

  static PatientPayloads payloads() {
    return new PatientPayloads(new PatientKeys(
        TestMongo.client().getDatabase("bench-keys-" + UUID.randomUUID().toString().substring(0, 8)),
        KeyEncryptionKey.fromBase64(Base64.getEncoder().encodeToString(Seal.newKey().getEncoded())),
        Duration.ofMinutes(10), Clock.systemUTC()));
  }

  /**
   * Sealing as the services the test kit starts seal: under its key-encryption key, with the key
   * vault in {@code vault}, so that services given that vault ({@code care.crypto.key-database}) open
   * what the benchmark sealed.
   */
  static PatientPayloads payloadsAsTheServicesSeal(MongoDatabase vault) {
    return new PatientPayloads(new PatientKeys(vault, KeyEncryptionKey.fromBase64(TestKek.base64()),
        Duration.ofMinutes(10), Clock.systemUTC()));
  }
}
