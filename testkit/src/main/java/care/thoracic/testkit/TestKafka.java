package care.thoracic.testkit;

import care.thoracic.contracts.events.Topic;
import care.thoracic.contracts.kafka.BrokerAccess;
import care.thoracic.contracts.kafka.BrokerCredentials;
import care.thoracic.contracts.kafka.TopicProvisioner;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * One Kafka broker per test JVM, started on first use, secured as in production: every client
 * authenticates (SASL: SCRAM for the services and the operator, PLAIN for the admin) and is
 * authorised by the ACLs of {@link BrokerAccess}. Every platform topic is created and its partition
 * leaders answer before anyone produces (the KAFKA-15591 guard). Random ports; the passwords are new
 * for each JVM and never written down. (The containers mode runs the broker image without
 * authentication: the ACLs are proven on the embedded broker.)
 */
public final class TestKafka {
  private static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Map<String, String> PASSWORDS = new LinkedHashMap<>();
  private static final boolean SECURED = TestInfra.current() == TestInfra.EMBEDDED;
  private static String bootstrapServers;

  // A Quarkus test profile loads the kit again in a class loader of its own: the broker and its
  // passwords are the JVM's, so the second copy finds them in these properties and starts nothing.
  private static final String BOOTSTRAP_PROPERTY = "testkit.kafka.bootstrap";
  private static final String PASSWORDS_PROPERTY = "testkit.kafka.passwords";

  static {
    synchronized (System.getProperties()) {
      String shared = System.getProperty(PASSWORDS_PROPERTY);
      if (shared == null) {
        PASSWORDS.put(BrokerAccess.ADMIN, newPassword());
        BrokerAccess.scramPrincipals().forEach(principal -> PASSWORDS.put(principal, newPassword()));
        System.setProperty(PASSWORDS_PROPERTY, String.join(",", PASSWORDS.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue()).toList()));
      } else {
        for (String entry : shared.split(",")) {
          String[] pair = entry.split("=", 2);
          PASSWORDS.put(pair[0], pair[1]);
        }
      }
    }
  }

  private TestKafka() {}

  public static String bootstrapServers() {
    synchronized (System.getProperties()) {
      if (bootstrapServers == null) {
        bootstrapServers = System.getProperty(BOOTSTRAP_PROPERTY);
      }
      if (bootstrapServers == null) {
        QuietLogging.install();
        long started = System.nanoTime();
        bootstrapServers = SECURED ? startEmbedded() : startContainer();
        setUp(bootstrapServers);
        System.setProperty(BOOTSTRAP_PROPERTY, bootstrapServers);
        System.out.printf("testkit: Kafka (%s%s) with platform topics ready at %s in %d ms%n", TestInfra.current(),
            SECURED ? ", SASL and ACLs" : "", bootstrapServers, (System.nanoTime() - started) / 1_000_000);
      }
      return bootstrapServers;
    }
  }

  /** Whether this JVM's broker authenticates and authorises clients (the embedded one does; containers do not). */
  public static boolean secured() {
    return SECURED;
  }

  /** Creates every topic and, on a secured broker, every principal and ACL: as {@code ./care up} does. */
  public static void setUp(String bootstrap) {
    Map<String, Object> admin = clientConfig(bootstrap, BrokerAccess.ADMIN);
    TopicProvisioner.ensureReady(admin, TopicProvisioner.platformTopics(Topic.DEFAULT_PARTITIONS),
        Duration.ofSeconds(60));
    if (SECURED) {
      try (Admin client = Admin.create(admin)) {
        BrokerAccess.apply(client, PASSWORDS, Duration.ofSeconds(30));
      }
    }
  }

  /** Creates extra topics (a test's own) and waits until they are served. */
  public static void ensureTopics(Map<String, Integer> partitionsByTopic) {
    TopicProvisioner.ensureReady(clientConfig(BrokerAccess.ADMIN), partitionsByTopic, Duration.ofSeconds(60));
  }

  /** A client's settings on the test broker as {@code principal}: a service, the operator or the admin. */
  public static Map<String, Object> clientConfig(String principal) {
    return clientConfig(bootstrapServers(), principal);
  }

  /** The same on another broker secured with this JVM's passwords (e.g. one a test runs as a process). */
  public static Map<String, Object> clientConfig(String bootstrap, String principal) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    if (SECURED) {
      config.putAll(credentials(principal).clientProperties(BrokerCredentials.PLAINTEXT));
    }
    return config;
  }

  /** Only the credentials' settings, e.g. for an outbox relay's producer ({@code care.outbox.kafka.*}). */
  public static Map<String, String> securitySettings(String principal) {
    return SECURED ? credentials(principal).clientProperties(BrokerCredentials.PLAINTEXT) : Map.of();
  }

  /** The settings that give a Quarkus service its principal: {@code kafka.*} for every channel and the outbox. */
  public static Map<String, String> quarkusConfig(String bootstrap, String principal) {
    Map<String, String> config = new LinkedHashMap<>();
    clientConfig(bootstrap, principal).forEach((key, value) -> config.put("kafka." + key, String.valueOf(value)));
    return config;
  }

  public static BrokerCredentials credentials(String principal) {
    String password = PASSWORDS.get(principal);
    if (password == null) {
      throw new IllegalArgumentException("no broker principal " + principal + "; known: " + PASSWORDS.keySet());
    }
    return new BrokerCredentials(principal, password);
  }

  /**
   * The broker settings of a secured single-node KRaft broker on these ports, with this JVM's admin
   * password: for the embedded broker and for one a test runs as a process of its own.
   */
  public static Properties brokerProperties(int port, int controllerPort, Path logDir) {
    Properties properties = new Properties();
    properties.put("process.roles", "broker,controller");
    properties.put("node.id", "1");
    properties.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    properties.put("listeners", "CLIENTS://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    properties.put("advertised.listeners", "CLIENTS://127.0.0.1:" + port);
    properties.putAll(BrokerAccess.brokerSecurity(PASSWORDS.get(BrokerAccess.ADMIN), BrokerCredentials.PLAINTEXT));
    properties.put("log.dirs", logDir.toString());
    properties.put("num.partitions", "1");
    properties.put("offsets.topic.replication.factor", "1");
    properties.put("offsets.topic.num.partitions", "3");
    properties.put("transaction.state.log.replication.factor", "1");
    properties.put("transaction.state.log.min.isr", "1");
    properties.put("share.coordinator.state.topic.replication.factor", "1");
    properties.put("share.coordinator.state.topic.min.isr", "1");
    properties.put("group.initial.rebalance.delay.ms", "0");
    properties.put("auto.create.topics.enable", "false");
    return properties;
  }

  private static String startEmbedded() {
    try {
      int port = LocalResources.freePort();
      Path logDir = Files.createTempDirectory("testkit-kafka");
      KafkaConfig config = EmbeddedKafkaBroker.formatStorageFromConfig(
          brokerProperties(port, LocalResources.freePort(), logDir), Uuid.randomUuid().toString(), true);
      KafkaRaftServer server = EmbeddedKafkaBroker.createServer(config);
      server.startup();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.shutdown();
        server.awaitShutdown();
        LocalResources.deleteQuietly(logDir);
      }, "testkit-kafka-stop"));
      return "127.0.0.1:" + port;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String startContainer() {
    KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE))
        .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
    kafka.start();
    Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop, "testkit-kafka-stop"));
    return kafka.getBootstrapServers();
  }

  private static String newPassword() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
