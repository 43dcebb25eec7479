package care.thoracic.web;

import care.thoracic.testkit.LocalResources;
import care.thoracic.testkit.PackagedService;
import care.thoracic.testkit.TestKeycloak;
import care.thoracic.testkit.TestVapidKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Everything the web application stands on, real: Keycloak with the committed realm, and the four
 * services as they ship (their packaged jars) on the test kit's Kafka broker and MongoDB wire server,
 * trusting Keycloak's tokens. Started once per test JVM; the web application under test gets a port
 * chosen here, which Keycloak is told to send people back to.
 */
public class WebPlatform implements QuarkusTestResourceLifecycleManager {
  private static final Map<String, String> DATABASES = Map.of("triage-service", "triage", "plan-service", "plan",
      "progress-service", "progress", "reminder-service", "reminders");
  private static Map<String, String> settings;

  @Override
  public synchronized Map<String, String> start() {
    if (settings == null) {
      settings = startPlatform();
    }
    return settings;
  }

  @Override
  public void stop() {
    // shared by the test classes of this JVM; the processes stop when it exits
  }

  private static Map<String, String> startPlatform() {
    try {
      TestKeycloak keycloak = TestKeycloak.get();
      int webPort = LocalResources.freePort();
      keycloak.allowRedirectsTo("care-web", URI.create("http://localhost:" + webPort));
      Map<String, CompletableFuture<PackagedService>> starting = new LinkedHashMap<>();
      DATABASES.keySet().forEach(module -> starting.put(module,
          CompletableFuture.supplyAsync(() -> startService(module, keycloak.issuer()))));
      Map<String, String> config = new HashMap<>(Map.of(
          "quarkus.http.test-port", Integer.toString(webPort),
          "care.auth.oidc.issuer", keycloak.issuer()));
      starting.forEach((module, started) -> {
        PackagedService service = started.join();
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, module + "-stop"));
        config.put("quarkus.rest-client." + module.replace("-service", "") + ".url", service.base().toString());
      });
      return config;
    } catch (IOException e) {
      throw new IllegalStateException("the web application's platform did not start: " + e, e);
    }
  }

  private static PackagedService startService(String module, String issuer) {
    Path jar = Path.of("..", module, "target", "quarkus-app", "quarkus-run.jar");
    try {
      Files.createDirectories(Path.of("target"));
      Map<String, String> settings = new HashMap<>(Map.of("care.auth.oidc.issuer", issuer,
          "kafka.auto.commit.interval.ms", "100"));
      if (module.equals("reminder-service")) {
        // Web Push with the test kit's keys to the push stand-in on this machine, and a clock the
        // reminders test moves forward to deliver what is due (tokens keep to the wall clock)
        settings.putAll(TestVapidKeys.config());
        settings.put("reminders.push.allow-http-endpoints", "true");
        settings.put("reminders.webhook.allow-internal-networks", "true");
        settings.put("care.clock.adjustable", "true");
      }
      Map<String, String> config = PackagedService.onTestInfra(module, DATABASES.get(module), settings);
      return PackagedService.start(jar, config, Path.of("target", "web-platform-" + module + ".log"));
    } catch (Exception e) {
      throw new IllegalStateException(module + " did not start", e);
    }
  }
}
