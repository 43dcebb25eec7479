package care.thoracic.bench;

import care.thoracic.eventsourcing.crypto.KeyEncryptionKey;
import care.thoracic.eventsourcing.crypto.PatientKeys;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.eventsourcing.crypto.Seal;
import care.thoracic.testkit.TestMongo;
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
}
