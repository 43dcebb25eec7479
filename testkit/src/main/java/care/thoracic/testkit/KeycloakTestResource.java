package care.thoracic.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Makes the {@code @QuarkusTest}'s service trust the JVM's {@link TestKeycloak} beside the test tokens. */
public class KeycloakTestResource implements QuarkusTestResourceLifecycleManager {
  @Override
  public Map<String, String> start() {
    return TestKeycloak.get().trustedBy();
  }

  @Override
  public void stop() {
    // Keycloak lives as long as the test JVM; it stops in a shutdown hook.
  }
}
