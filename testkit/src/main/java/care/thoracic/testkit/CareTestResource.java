package care.thoracic.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} the JVM's shared broker and store, and trusts the testkit's token
 * key. Shared across test classes so each application start costs seconds, not a broker.
 */
public class CareTestResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    return Map.of(
        "kafka.bootstrap.servers", TestKafka.bootstrapServers(),
        "quarkus.mongodb.connection-string", TestMongo.connectionString(),
        "mp.jwt.verify.publickey.location", Tokens.PUBLIC_KEY_LOCATION,
        "mp.jwt.verify.issuer", Tokens.ISSUER);
  }

  @Override
  public void stop() {
    // The broker and store live as long as the test JVM; they stop in a shutdown hook.
  }
}
