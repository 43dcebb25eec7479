package care.thoracic.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} the JVM's shared broker and store, so each application start costs
 * seconds, not a broker. (The services' test profile trusts the testkit's token key: see the
 * platform module's default configuration.)
 */
public class CareTestResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    return Map.of(
        "kafka.bootstrap.servers", TestKafka.bootstrapServers(),
        "quarkus.mongodb.connection-string", TestMongo.connectionString());
  }

  @Override
  public void stop() {
    // The broker and store live as long as the test JVM; they stop in a shutdown hook.
  }
}
