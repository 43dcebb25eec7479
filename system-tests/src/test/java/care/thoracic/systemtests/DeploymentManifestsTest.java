package care.thoracic.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import care.thoracic.contracts.kafka.BrokerAccess;
import care.thoracic.contracts.kafka.BrokerSetupScript;
import care.thoracic.devstack.CareApi;
import care.thoracic.devstack.CareApi.Service;
import care.thoracic.testkit.PackagedService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/ checked statically: the Kubernetes base and overlays and the compose file agree with the
 * services as built (names, ports, health endpoints, topics, the autoscaler's metric) and with each
 * other (selectors, referenced config and secrets). Overlays are rendered with {@code kubectl
 * kustomize} where kubectl is installed; otherwise those two cases are skipped, saying so.
 */
class DeploymentManifestsTest {
  private static final Path DEPLOY = Path.of("..", "deploy");
  private static final List<String> SERVICES = List.of("triage-service", "plan-service", "progress-service",
      "reminder-service");
  /** The clinic console and the patient app: no broker, no store, no clock; it logs people in. */
  private static final String WEB = "web";
  private static final List<String> DEPLOYED = Stream.concat(SERVICES.stream(), Stream.of(WEB)).toList();
  private static final List<String> WEB_SECRETS = List.of("CARE_WEB_CLIENT_SECRET", "CARE_WEB_STATE_SECRET",
      "CARE_WEB_SESSION_SECRET");
  /** Created by the secret store in a real cluster, by the dev overlay's generators in a dev one. */
  private static final Set<String> EXTERNAL_SECRETS = Set.of("care-mongodb", "care-reminder-webhooks", "care-kafka",
      "care-push-vapid", "care-crypto", "care-web");
  private static final Set<String> EXTERNAL_CONFIG_MAPS = Set.of("care-jwt");

  @Test
  void the_base_lists_every_manifest_and_each_service_is_deployed_as_it_is_built() throws IOException {
    Path base = DEPLOY.resolve("k8s/base");
    List<String> listed = strings(load(base.resolve("kustomization.yaml")).getFirst().get("resources"));
    try (Stream<Path> files = Files.list(base)) {
      assertThat(files.map(f -> f.getFileName().toString())
          .filter(f -> f.endsWith(".yaml") && !f.equals("kustomization.yaml")))
          .containsExactlyInAnyOrderElementsOf(listed);
    }
    List<Map<String, Object>> objects = new ArrayList<>();
    for (String file : listed) {
      objects.addAll(load(base.resolve(file)));
    }
    checkCluster(objects, false);
    for (String service : SERVICES) {
      Map<String, Object> deployment = named(objects, "Deployment", service);
      assertThat(applicationName(service)).as("the Deployment is named as Quarkus names the service").isEqualTo(service);
      assertThat(env(deployment).get("KAFKA_SASL_JAAS_CONFIG")).as(service + " is its own broker principal")
          .contains("ScramLoginModule").contains("username=\"" + service + "\"").contains("password=\"$(KAFKA_PASSWORD)\"");
      assertThat(at(deployment, "spec.template.spec.containers.0.image")).isEqualTo("thoracic-care/" + service + ":"
          + projectVersion());
      assertThat(((List<?>) at(deployment, "spec.template.spec.containers.0.env")).stream()
          .map(DeploymentManifestsTest::map).filter(variable -> "CARE_CRYPTO_KEK".equals(variable.get("name"))).toList())
          .as(service + "'s key-encryption key comes from the secret every service shares").singleElement()
          .satisfies(variable -> assertThat(map(map(variable.get("valueFrom")).get("secretKeyRef")))
              .containsEntry("name", "care-crypto"));
    }
    List<Map<String, Object>> vapid = ((List<?>) at(named(objects, "Deployment", "reminder-service"),
        "spec.template.spec.containers.0.env")).stream().map(DeploymentManifestsTest::map)
        .filter(variable -> String.valueOf(variable.get("name")).matches("REMINDERS_PUSH_VAPID_(PUBLIC|PRIVATE)_KEY"))
        .toList();
    assertThat(vapid).as("reminder-service's VAPID pair comes from a secret, never a value in a manifest").hasSize(2)
        .allSatisfy(variable -> assertThat(map(variable.get("valueFrom"))).containsKey("secretKeyRef"));
  }

  @Test
  void every_deployment_runs_with_the_jvm_options_the_services_ship_with() throws IOException {
    Path base = DEPLOY.resolve("k8s/base");
    Map<String, Object> platform = named(load(base.resolve("platform-config.yaml")), "ConfigMap", "care-platform");
    List<String> javaOptions = List.of(String.valueOf(at(platform, "data.java-options")).split("\\s+"));
    List<String> shipped = PackagedService.shippedJvmOptions(Path.of("..", "triage-service", "target", "quarkus-app",
        "quarkus-run.jar")).stream().filter(option -> !option.startsWith("-XX:AOTCache=")).toList();

    Matcher recorded = Pattern.compile("<quarkus.package.jar.aot.additional-recording-args>([^<]*)<")
        .matcher(Files.readString(Path.of("..", "pom.xml")));

    assertThat(shipped).as("deploy/service-jvm.options names options").isNotEmpty();
    assertThat(javaOptions).as("the config map's java-options, which every Deployment appends")
        .containsAll(shipped).contains("-XX:MaxRAMPercentage=75");
    Matcher imageJdk = Pattern.compile("<quarkus.jib.base-jvm-image>[^<]*openjdk-(\\d+)-runtime[^<]*<")
        .matcher(Files.readString(Path.of("..", "pom.xml")));
    assertThat(imageJdk.find()).as("the images name their JDK runtime (Quarkus would pick one by the language "
        + "level, 21)").isTrue();
    if (javaOptions.contains("-XX:+UseCompactObjectHeaders")) {
      assertThat(Integer.parseInt(imageJdk.group(1))).as("the images' JDK knows -XX:+UseCompactObjectHeaders (JDK 21 "
          + "does not start with it)").isGreaterThanOrEqualTo(25);
    }
    assertThat(recorded.find()).as("the build records each app's AOT cache with options").isTrue();
    assertThat(shipped).as("the AOT cache is recorded with the object headers (and collector) the services "
        + "run with, or the JVM does not use it").containsAll(List.of(recorded.group(1).split(",")));
  }

  @Test
  void the_web_front_end_is_deployed_as_it_is_built_with_its_secrets_from_a_secret_and_the_services_by_name()
      throws IOException {
    Path base = DEPLOY.resolve("k8s/base");
    List<Map<String, Object>> objects = new ArrayList<>();
    for (String file : strings(load(base.resolve("kustomization.yaml")).getFirst().get("resources"))) {
      objects.addAll(load(base.resolve(file)));
    }
    Map<String, Object> deployment = named(objects, "Deployment", WEB);
    assertThat(applicationName(WEB)).as("the Deployment is named as Quarkus names the application").isEqualTo(WEB);
    assertThat(at(deployment, "spec.template.spec.containers.0.image")).isEqualTo("thoracic-care/web:" + projectVersion());
    Map<String, Map<String, Object>> from = valuesFrom(deployment);
    for (String secret : WEB_SECRETS) {
      assertThat(from.get(secret)).as(secret + " comes from Secret care-web, never a value in a manifest").isNotNull()
          .containsKey("secretKeyRef");
      assertThat(map(from.get(secret).get("secretKeyRef"))).containsEntry("name", "care-web").containsEntry("key", secret);
    }
    assertThat(map(from.get("CARE_AUTH_OIDC_ISSUER").get("configMapKeyRef")))
        .as("the issuer as the services trust it").containsEntry("key", "oidc-issuer");
    assertThat(map(from.get("QUARKUS_OIDC_AUTH_SERVER_URL").get("configMapKeyRef")))
        .as("the provider reached inside the cluster").containsEntry("key", "oidc-auth-server-url");
    Map<String, String> env = env(deployment);
    Map<String, String> clients = restClients();
    assertThat(clients).as("web's REST clients").isNotEmpty();
    clients.forEach((client, variable) -> {
      String service = client + "-service";
      assertThat(env).as(variable).containsEntry(variable, "http://" + service);
      assertThat(at(named(objects, "Service", service), "spec.ports.0.port")).as("Service " + service).isEqualTo(80);
    });
  }

  @Test
  void the_autoscaler_scales_reminder_service_on_the_backlog_gauge_the_service_exports() throws IOException {
    List<Map<String, Object>> objects = load(DEPLOY.resolve("k8s/base/reminder-service-autoscaler.yaml"));
    Map<String, Object> autoscaler = named(objects, "HorizontalPodAutoscaler", "reminder-service");
    assertThat(at(autoscaler, "spec.scaleTargetRef.kind")).isEqualTo("Deployment");
    assertThat(at(autoscaler, "spec.scaleTargetRef.name")).isEqualTo("reminder-service");
    String metric = (String) at(autoscaler, "spec.metrics.0.external.metric.name");
    String exported = RunningPlatform.get().api().metrics(Service.REMINDER);
    assertThat(exported).as("reminder-service's /q/metrics").containsPattern("(?m)^" + metric + "\\{?.* \\d");
  }

  /** The probes and the scraper read the management port; the port an ingress routes answers neither. */
  @Test
  void each_service_as_built_answers_health_and_metrics_on_its_management_port_only() {
    CareApi api = RunningPlatform.get().api();
    for (Service service : Service.values()) {
      assertThat(api.readiness(service)).as(service + " ready, on its management port").isEqualTo(200);
      assertThat(api.metrics(service)).as(service + "'s metrics").contains("jvm_memory_used_bytes");
      for (String path : List.of("/q/metrics", "/q/health", "/q/health/ready", "/q/health/live")) {
        assertThat(api.exchange(service, "GET", path, null, null, Map.of()).status())
            .as(service + " " + path + " on the API's port").isEqualTo(404);
      }
    }
  }

  @Test
  void the_alerts_are_prometheus_rules_that_fire_on_the_trouble_they_name_as_their_unit_tests_say() throws Exception {
    assumeTrue(onPath("promtool"), "promtool (Debian's prometheus) is not installed here: the alerts are not checked");
    Path work = Files.createTempDirectory("care-alerts");
    Files.writeString(work.resolve("care-alerts.rules.yaml"), new Yaml().dump(alertRules().get("spec")));
    Files.copy(DEPLOY.resolve("prometheus/care-alerts.test.yaml"), work.resolve("care-alerts.test.yaml"));
    for (List<String> check : List.of(List.of("promtool", "check", "rules", "care-alerts.rules.yaml"),
        List.of("promtool", "test", "rules", "care-alerts.test.yaml"))) {
      Process promtool = new ProcessBuilder(check).directory(work.toFile()).redirectErrorStream(true).start();
      String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(promtool.exitValue()).as(String.join(" ", check) + "\n" + output).isZero();
    }
  }

  @Test
  void every_series_the_alerts_and_the_dashboard_watch_is_exported_and_every_alert_has_a_runbook_line()
      throws IOException {
    List<String> expressions = new ArrayList<>();
    List<String> alerts = new ArrayList<>();
    for (Object group : (List<?>) at(alertRules(), "spec.groups")) {
      for (Object rule : (List<?>) map(group).get("rules")) {
        alerts.add((String) map(rule).get("alert"));
        expressions.add((String) map(rule).get("expr"));
      }
    }
    Set<String> alerted = seriesNamed(expressions);
    String dashboard = Files.readString(DEPLOY.resolve("grafana/care-platform.json"));
    Set<String> shown = seriesNamed(List.of(dashboard));
    assertThat(shown).as("the dashboard shows what the alerts watch").containsAll(alerted);

    CareApi api = RunningPlatform.get().api();
    for (Service service : Service.values()) { // a request answered (here refused), so HTTP's series exist
      assertThat(api.exchange(service, "GET", "/clinic/plans", null, null, Map.of()).status()).isIn(401, 404);
    }
    String exported = Stream.of(Service.values()).map(api::metrics).collect(Collectors.joining("\n"));
    for (String series : union(alerted, shown)) {
      if (!series.equals("up")) { // Prometheus's own, per scrape target
        assertThat(exported).as("a service exports " + series).containsPattern("(?m)^" + series + "[{ ]");
      }
    }
    // a quantile beyond the highest finite bucket reads as that bucket: it must lie above the alert's 30 s
    double highestBucket = Pattern.compile("(?m)^care_reminders_fire_delay_seconds_bucket\\{[^}]*le=\"([0-9.]+)\"")
        .matcher(exported).results().mapToDouble(found -> Double.parseDouble(found.group(1))).max().orElse(0);
    assertThat(highestBucket).as("reminder fire delay's highest bucket, in seconds").isGreaterThan(30);
    String readme = Files.readString(Path.of("..", "README.md"));
    String runbook = readme.substring(readme.indexOf("## Alerts and what to do"));
    for (String alert : alerts) {
      assertThat(runbook).as("the README's runbook line for " + alert).containsPattern("(?m)^- \\*\\*" + alert + "\\*\\*");
    }
  }

  private static Map<String, Object> alertRules() throws IOException {
    return named(load(DEPLOY.resolve("k8s/base/care-alerts.yaml")), "PrometheusRule", "care-alerts");
  }

  /** The series a PromQL text (or a dashboard's) names: the platform's, Kafka's clients', HTTP's and {@code up}. */
  private static Set<String> seriesNamed(List<String> texts) {
    Pattern series = Pattern.compile("\\b(care_[a-z_]+|kafka_[a-z_]+|http_server_[a-z_]+|up)\\b");
    Set<String> named = new HashSet<>();
    texts.forEach(text -> series.matcher(text).results().forEach(found -> named.add(found.group(1))));
    return named;
  }

  @Test
  void reminder_service_may_not_reach_cloud_metadata_or_private_networks_for_its_webhooks() throws IOException {
    Map<String, Object> policy = named(load(DEPLOY.resolve("k8s/base/reminder-service-egress.yaml")), "NetworkPolicy",
        "reminder-service-egress");
    assertThat(map(at(policy, "spec.podSelector.matchLabels"))).containsEntry("app.kubernetes.io/name",
        "reminder-service");
    List<String> blocked = ((List<?>) at(policy, "spec.egress")).stream().map(DeploymentManifestsTest::map)
        .filter(rule -> rule.get("to") instanceof List<?> to && to.stream().anyMatch(t -> map(t).containsKey("ipBlock")))
        .flatMap(rule -> strings(at(rule, "to.0.ipBlock.except")).stream()).toList();
    assertThat(blocked).contains("169.254.0.0/16", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10");
  }

  @Test
  void the_dev_overlay_runs_one_of_each_with_the_adjustable_clock() throws Exception {
    List<Map<String, Object>> objects = render("dev");
    checkCluster(objects, true);
    for (Map<String, Object> deployment : ofKind(objects, "Deployment")) {
      assertThat(at(deployment, "spec.replicas")).isEqualTo(1);
      if (SERVICES.contains((String) at(deployment, "metadata.name"))) {
        assertThat(env(deployment)).containsEntry("CARE_CLOCK_ADJUSTABLE", "true");
      } else {
        assertThat(env(deployment)).as("the web front end has no clock").doesNotContainKey("CARE_CLOCK_ADJUSTABLE");
      }
      assertThat(at(deployment, "metadata.namespace")).isEqualTo("care-dev");
    }
  }

  @Test
  void the_prod_overlay_never_adjusts_a_clock_and_pins_its_images() throws Exception {
    List<Map<String, Object>> objects = render("prod");
    checkCluster(objects, true);
    for (Map<String, Object> deployment : ofKind(objects, "Deployment")) {
      assertThat(env(deployment)).doesNotContainKey("CARE_CLOCK_ADJUSTABLE");
      assertThat((String) at(deployment, "spec.template.spec.containers.0.image"))
          .matches("registry\\.example\\.com/thoracic-care/[a-z-]+:\\d+\\.\\d+\\.\\d+");
      assertThat((int) at(deployment, "spec.replicas")).isGreaterThanOrEqualTo(2);
      assertThat(at(deployment, "metadata.namespace")).isEqualTo("care-prod");
    }
  }

  @Test
  void compose_runs_the_four_images_on_a_secured_kafka_set_up_from_the_catalogue_and_a_replica_set() throws IOException {
    Map<String, Object> compose = load(DEPLOY.resolve("compose/compose.yaml")).getFirst();
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
    Set<String> hostPorts = new HashSet<>();
    for (String service : SERVICES) {
      Map<String, Object> container = services.get(service);
      assertThat(container).as(service).isNotNull();
      assertThat(container.get("image")).isEqualTo("thoracic-care/" + service + ":" + projectVersion());
      @SuppressWarnings("unchecked")
      Map<String, Object> env = (Map<String, Object>) container.get("environment");
      assertThat(services).containsKey(env.get("KAFKA_BOOTSTRAP_SERVERS").toString().split(":")[0]);
      assertThat(env.get("QUARKUS_MONGODB_CONNECTION_STRING").toString()).startsWith("mongodb://mongo:27017/")
          .contains("replicaSet=rs0");
      assertThat(env.get("CARE_CRYPTO_KEK").toString()).as("the key-encryption key is never a value in the file")
          .startsWith("${CARE_CRYPTO_KEK:?");
      assertThat(services).containsKeys(((Map<?, ?>) container.get("depends_on")).keySet().toArray(String[]::new));
      String port = strings(container.get("ports")).getFirst();
      assertThat(port).endsWith(":" + env.get("QUARKUS_HTTP_PORT"));
      assertThat(hostPorts.add(port.split(":")[0])).as("host port of " + service + " is its own").isTrue();
      assertManagementOnThisMachineOnly(service, strings(container.get("ports")), hostPorts);
    }
    Map<String, Object> web = services.get(WEB);
    assertThat(web).as(WEB).isNotNull();
    assertThat(web.get("image")).isEqualTo("thoracic-care/web:" + projectVersion());
    @SuppressWarnings("unchecked")
    Map<String, Object> webEnv = (Map<String, Object>) web.get("environment");
    String webPort = strings(web.get("ports")).getFirst();
    assertThat(webPort).endsWith(":" + webEnv.get("QUARKUS_HTTP_PORT"));
    assertThat(hostPorts.add(webPort.split(":")[0])).as("host port of web is its own").isTrue();
    assertManagementOnThisMachineOnly(WEB, strings(web.get("ports")), hostPorts);
    assertThat(services).containsKeys(((Map<?, ?>) web.get("depends_on")).keySet().toArray(String[]::new));
    for (String secret : WEB_SECRETS) {
      assertThat(webEnv.get(secret).toString()).as(secret + " is never a value in the file").startsWith("${" + secret + ":?");
    }
    restClients().forEach((client, variable) -> {
      String service = client + "-service";
      @SuppressWarnings("unchecked")
      Map<String, Object> serviceEnv = (Map<String, Object>) services.get(service).get("environment");
      assertThat(webEnv).as(variable).containsEntry(variable, "http://" + service + ":" + serviceEnv.get("QUARKUS_HTTP_PORT"));
    });
    assertThat(strings(services.get("mongo").get("command"))).containsSequence("--replSet", "rs0");
    assertThat(strings(services.get("broker-setup").get("volumes")))
        .as("the broker is set up by the script generated from the catalogue")
        .anySatisfy(volume -> assertThat(volume).startsWith("../" + BrokerSetupScript.COMMITTED_PATH.replace("deploy/", "")
            + ":"));
    @SuppressWarnings("unchecked")
    Map<String, Object> broker = (Map<String, Object>) services.get("kafka").get("environment");
    Map<String, String> brokerProperties = new HashMap<>();
    broker.forEach((name, value) -> {
      if (name.startsWith("KAFKA_")) { // the apache/kafka image's spelling: _ for ., __ for _, ___ for -
        brokerProperties.put(name.substring(6).toLowerCase(Locale.ROOT).replace("___", "-").replace("__", "\0")
            .replace('_', '.').replace('\0', '_'), String.valueOf(value));
      }
    });
    String health = strings(((Map<?, ?>) services.get("kafka").get("healthcheck")).get("test")).getLast();
    Matcher variables = Pattern.compile("\\$\\$([A-Z_]+)").matcher(health);
    while (variables.find()) {
      assertThat(broker).as("the broker's health check reads $" + variables.group(1) + " from its environment")
          .containsKey(variables.group(1));
    }
    BrokerAccess.brokerSecurity("the-admin-password", "SASL_PLAINTEXT").forEach((key, value) -> {
      assertThat(brokerProperties).as("compose's broker sets " + key).containsKey(key);
      if (!key.endsWith("jaas.config")) {
        assertThat(brokerProperties.get(key)).as(key).isEqualTo(value);
      }
    });
    for (String service : SERVICES) {
      @SuppressWarnings("unchecked")
      Map<String, Object> env = (Map<String, Object>) services.get(service).get("environment");
      assertThat(env.get("KAFKA_SASL_JAAS_CONFIG").toString()).as(service + " is its own broker principal")
          .contains("username=\"" + service + "\"")
          .contains("${" + BrokerSetupScript.passwordVariable(service) + ":?}");
      assertThat(env).containsEntry("KAFKA_SASL_MECHANISM", BrokerAccess.SERVICES_MECHANISM);
    }
  }

  @Test
  void compose_runs_the_build_s_keycloak_with_the_committed_realm_and_every_service_trusts_it() throws IOException {
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>)
        load(DEPLOY.resolve("compose/compose.yaml")).getFirst().get("services");
    Map<String, Object> keycloak = services.get("keycloak");
    String pom = Files.readString(DEPLOY.resolve("../pom.xml"));
    String version = pom.substring(pom.indexOf("<keycloak.version>") + 18, pom.indexOf("</keycloak.version>"));
    assertThat(keycloak.get("image")).as("the version the tests and ./care run").isEqualTo(
        "quay.io/keycloak/keycloak:" + version);
    assertThat(strings(keycloak.get("volumes"))).singleElement().asString()
        .startsWith("../keycloak/care-realm.json:/opt/keycloak/data/import/");
    String hostname = strings(keycloak.get("command")).stream().filter(arg -> arg.startsWith("--hostname="))
        .findFirst().orElseThrow().substring("--hostname=".length());
    for (String service : SERVICES) {
      @SuppressWarnings("unchecked")
      Map<String, Object> env = (Map<String, Object>) services.get(service).get("environment");
      assertThat(env).as(service).containsEntry("CARE_AUTH_OIDC_ISSUER", hostname + "/realms/care");
      assertThat(env.get("CARE_AUTH_OIDC_JWKS_URL").toString()).as(service + " fetches the keys inside the network")
          .startsWith("http://keycloak:");
    }
    // web sends browsers to the issuer's name and talks to Keycloak inside the network: Keycloak
    // names its backchannel endpoints (token, keys) by the address it was asked on
    @SuppressWarnings("unchecked")
    Map<String, Object> web = (Map<String, Object>) services.get(WEB).get("environment");
    assertThat(web).containsEntry("CARE_AUTH_OIDC_ISSUER", hostname + "/realms/care");
    assertThat(web.get("QUARKUS_OIDC_AUTH_SERVER_URL").toString()).as("web reaches Keycloak inside the network")
        .startsWith("http://keycloak:").endsWith("/realms/care");
    assertThat(strings(keycloak.get("command"))).contains("--hostname-backchannel-dynamic=true");
    // and Keycloak sends people back to web where the browser finds it
    Map<String, Object> realm = map(new Yaml().load(Files.readString(DEPLOY.resolve("keycloak/care-realm.json"))));
    Map<String, Object> client = ((List<?>) realm.get("clients")).stream().map(DeploymentManifestsTest::map)
        .filter(c -> "care-web".equals(c.get("clientId"))).findFirst().orElseThrow();
    String webHostPort = strings(services.get(WEB).get("ports")).getFirst().split(":")[0];
    assertThat(strings(client.get("redirectUris"))).as("the care-web client's redirect URIs")
        .contains("http://localhost:" + webHostPort + "/*");
  }

  /** Compose publishes a container's health and metrics (9000) to this machine only, on a port of its own. */
  private static void assertManagementOnThisMachineOnly(String service, List<String> ports, Set<String> hostPorts) {
    assertThat(ports).as(service + "'s published ports").hasSize(2);
    String management = ports.get(1);
    assertThat(management).as(service + "'s management port").startsWith("127.0.0.1:").endsWith(":9000");
    assertThat(hostPorts.add(management.split(":")[1])).as("management host port of " + service + " is its own")
        .isTrue();
  }

  // ---- the cluster's own consistency ----

  /** Selectors, ports, probes, resources, and every ConfigMap or Secret a pod needs being there. */
  private static void checkCluster(List<Map<String, Object>> objects, boolean rendered) {
    Set<String> configMaps = names(objects, "ConfigMap");
    Set<String> secrets = names(objects, "Secret");
    List<Map<String, Object>> deployments = ofKind(objects, "Deployment");
    assertThat(deployments).extracting(d -> at(d, "metadata.name")).containsExactlyInAnyOrderElementsOf(DEPLOYED);
    for (Map<String, Object> deployment : deployments) {
      String name = (String) at(deployment, "metadata.name");
      Map<String, Object> podLabels = map(at(deployment, "spec.template.metadata.labels"));
      assertThat(podLabels).as(name + " selector").containsAllEntriesOf(map(at(deployment, "spec.selector.matchLabels")));
      Map<String, Object> container = map(at(deployment, "spec.template.spec.containers.0"));
      assertThat(at(container, "ports.0.name")).isEqualTo("http");
      assertThat(env(deployment)).containsEntry("QUARKUS_HTTP_PORT", String.valueOf(at(container, "ports.0.containerPort")));
      assertThat(at(container, "startupProbe.httpGet.path")).isEqualTo("/q/health/started");
      assertThat(at(container, "readinessProbe.httpGet.path")).isEqualTo("/q/health/ready");
      assertThat(at(container, "livenessProbe.httpGet.path")).isEqualTo("/q/health/live");
      // health and metrics on the management port, which the Service names apart from the port an
      // ingress routes (the services and web run with quarkus.management.enabled: 9000)
      assertThat(at(container, "ports.1.name")).isEqualTo("management");
      assertThat(at(container, "ports.1.containerPort")).isEqualTo(9000);
      for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
        assertThat(at(container, probe + ".httpGet.port")).as(name + " " + probe).isEqualTo("management");
      }
      assertThat(map(at(deployment, "spec.template.metadata.annotations")))
          .containsEntry("prometheus.io/port", "9000").containsEntry("prometheus.io/path", "/q/metrics");
      for (String bound : List.of("requests", "limits")) {
        assertThat(map(at(container, "resources." + bound))).as(name + " " + bound).containsKeys("cpu", "memory");
      }
      for (Object entry : (List<?>) container.get("env")) {
        Map<String, Object> variable = map(entry);
        if (variable.get("valueFrom") instanceof Map<?, ?> from) {
          if (from.get("configMapKeyRef") instanceof Map<?, ?> ref) {
            String map = (String) ref.get("name");
            assertThat(configMaps).as(name + " reads ConfigMap " + map).contains(map);
            assertThat(map(named(objects, "ConfigMap", map).get("data"))).containsKey((String) ref.get("key"));
          }
          if (from.get("secretKeyRef") instanceof Map<?, ?> ref) {
            assertThat(rendered ? union(secrets, EXTERNAL_SECRETS) : EXTERNAL_SECRETS).contains((String) ref.get("name"));
          }
        }
      }
      for (Object volume : (List<?>) map(at(deployment, "spec.template.spec")).getOrDefault("volumes", List.of())) {
        Map<String, Object> source = map(volume);
        if (source.get("configMap") instanceof Map<?, ?> ref) {
          assertThat(union(configMaps, EXTERNAL_CONFIG_MAPS)).contains((String) ref.get("name"));
        }
        if (source.get("secret") instanceof Map<?, ?> ref) {
          assertThat(union(secrets, EXTERNAL_SECRETS)).contains((String) ref.get("secretName"));
        }
      }
      Map<String, Object> service = named(objects, "Service", name);
      assertThat(podLabels).as("Service " + name).containsAllEntriesOf(map(at(service, "spec.selector")));
      assertThat(at(service, "spec.ports.0.targetPort")).isEqualTo("http");
      assertThat(at(service, "spec.ports.1.name")).isEqualTo("management");
      Map<String, Object> budget = named(objects, "PodDisruptionBudget", name);
      assertThat(podLabels).as("PodDisruptionBudget " + name).containsAllEntriesOf(map(at(budget, "spec.selector.matchLabels")));
    }
    assertThat(ofKind(objects, "ServiceMonitor")).isNotEmpty().allSatisfy(monitor ->
        assertThat(at(monitor, "spec.endpoints.0.port")).as("Prometheus scrapes the management port").isEqualTo("management"));
  }

  // ---- rendering and reading ----

  private static List<Map<String, Object>> render(String overlay) throws Exception {
    assumeTrue(onPath("kubectl"), "kubectl is not installed here: the " + overlay + " overlay is not rendered");
    Path keys = Path.of("..", ".run", "keys", "public-key.pem");
    if (!Files.exists(keys)) { // the dev overlay reads the dev public key that ./care keys makes
      Files.createDirectories(keys.getParent());
      Files.writeString(keys, "-----BEGIN PUBLIC KEY-----\n(placeholder for rendering)\n-----END PUBLIC KEY-----\n");
    }
    Path brokerPasswords = keys.resolveSibling("broker.env");
    if (!Files.exists(brokerPasswords)) { // and the broker passwords
      Files.writeString(brokerPasswords, "KAFKA_PASSWORD_ADMIN=placeholder-for-rendering\n");
    }
    Path vapid = keys.resolveSibling("vapid.env");
    if (!Files.exists(vapid)) { // and the VAPID pair
      Files.writeString(vapid, "REMINDERS_PUSH_VAPID_PUBLIC_KEY=placeholder-for-rendering\n");
    }
    Path kek = keys.resolveSibling("kek.env");
    if (!Files.exists(kek)) { // and the key-encryption key
      Files.writeString(kek, "CARE_CRYPTO_KEK=placeholder-for-rendering\n");
    }
    Path web = keys.resolveSibling("web.env");
    if (!Files.exists(web)) { // and the web front end's secrets (./care up makes them)
      Files.writeString(web, "CARE_WEB_CLIENT_SECRET=placeholder-for-rendering\n");
    }
    Process kubectl = new ProcessBuilder("kubectl", "kustomize", "--load-restrictor", "LoadRestrictionsNone",
        DEPLOY.resolve("k8s/overlays").resolve(overlay).toString()).redirectErrorStream(true).start();
    String output = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(kubectl.exitValue()).as(output).isZero();
    List<Map<String, Object>> objects = new ArrayList<>();
    new Yaml().loadAll(output).forEach(document -> objects.add(map(document)));
    return objects;
  }

  private static boolean onPath(String program) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }

  private static List<Map<String, Object>> load(Path file) throws IOException {
    List<Map<String, Object>> documents = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      new Yaml().loadAll(in).forEach(document -> documents.add(map(document)));
    }
    return documents.stream().filter(Objects::nonNull).toList();
  }

  private static String applicationName(String module) throws IOException {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(Path.of("..", module, "src/main/resources/application.properties"))) {
      properties.load(in);
    }
    return properties.getProperty("quarkus.application.name");
  }

  /**
   * web's REST clients ({@code quarkus.rest-client.<client>.url} in its application.properties), each
   * with the environment variable a deployment sets it by.
   */
  private static Map<String, String> restClients() {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(Path.of("..", WEB, "src/main/resources/application.properties"))) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Pattern url = Pattern.compile("quarkus\\.rest-client\\.([a-z]+)\\.url");
    Map<String, String> clients = new HashMap<>();
    for (String name : properties.stringPropertyNames()) {
      Matcher matcher = url.matcher(name);
      if (matcher.matches()) {
        clients.put(matcher.group(1), "QUARKUS_REST_CLIENT_" + matcher.group(1).toUpperCase(Locale.ROOT) + "_URL");
      }
    }
    return clients;
  }

  private static String projectVersion() {
    return System.getProperty("project.version", "0.1.0-SNAPSHOT");
  }

  private static List<Map<String, Object>> ofKind(List<Map<String, Object>> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
  }

  private static Set<String> names(List<Map<String, Object>> objects, String kind) {
    return ofKind(objects, kind).stream().map(o -> (String) at(o, "metadata.name")).collect(Collectors.toSet());
  }

  /** The object of that kind named {@code name} (kustomize rewrites references to generated names too). */
  private static Map<String, Object> named(List<Map<String, Object>> objects, String kind, String name) {
    return ofKind(objects, kind).stream().filter(o -> name.equals(at(o, "metadata.name"))).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }

  private static Map<String, String> env(Map<String, Object> deployment) {
    return ((List<?>) at(deployment, "spec.template.spec.containers.0.env")).stream().map(DeploymentManifestsTest::map)
        .filter(variable -> variable.containsKey("value"))
        .collect(Collectors.toMap(v -> (String) v.get("name"), v -> String.valueOf(v.get("value"))));
  }

  /** The environment variables set from a ConfigMap or Secret, by name. */
  private static Map<String, Map<String, Object>> valuesFrom(Map<String, Object> deployment) {
    return ((List<?>) at(deployment, "spec.template.spec.containers.0.env")).stream().map(DeploymentManifestsTest::map)
        .filter(variable -> variable.containsKey("valueFrom"))
        .collect(Collectors.toMap(v -> (String) v.get("name"), v -> map(v.get("valueFrom"))));
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    return Stream.concat(a.stream(), b.stream()).collect(Collectors.toSet());
  }

  /** A dotted path into parsed YAML; numbers index lists. */
  private static Object at(Map<String, Object> root, String path) {
    Object node = root;
    for (String step : path.split("\\.")) {
      node = node instanceof List<?> list ? list.get(Integer.parseInt(step)) : map(node).get(step);
      if (node == null) {
        throw new AssertionError("nothing at " + path);
      }
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object node) {
    return (Map<String, Object>) node;
  }

  private static List<String> strings(Object node) {
    return ((List<?>) node).stream().map(String::valueOf).toList();
  }
}
