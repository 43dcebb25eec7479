package care.thoracic.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Gives a {@code @QuarkusTest} the JVM's shared broker and store, so each application start costs
 * seconds, not a broker. The service connects to the broker with its own principal, so its tests run
 * under the ACLs it has in production. (The services' test profile trusts the testkit's token key: see the
 * platform module's default configuration.)
 */
public class CareTestResource implements QuarkusTestResourceLifecycleManager {
  private static final String REMINDER_SERVICE = "reminder-service";

  @Override
  public Map<String, String> start() {
    Map<String, String> config = new LinkedHashMap<>(TestKafka.quarkusConfig(TestKafka.bootstrapServers(), principal()));
    config.put("quarkus.mongodb.connection-string", TestMongo.connectionString());
    config.putAll(TestKek.config());
    if (REMINDER_SERVICE.equals(principal())) {
      config.putAll(TestVapidKeys.config()); // it pushes, with the test JVM's own pair
    }
    return config;
  }

  /** The service under test connects to the broker as itself ({@code care.service.name}, or the application's name). */
  private static String principal() {
    Config config = ConfigProvider.getConfig();
    return config.getOptionalValue("care.service.name", String.class)
        .orElseGet(() -> config.getValue("quarkus.application.name", String.class));
  }

  @Override
  public void stop() {
    // The broker and store live as long as the test JVM; they stop in a shutdown hook.
  }
}
