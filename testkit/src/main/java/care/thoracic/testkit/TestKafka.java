package care.thoracic.testkit;

import care.thoracic.contracts.events.Topic;
import care.thoracic.contracts.kafka.TopicProvisioner;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.Map;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * One Kafka broker per test JVM, started on first use, with every platform topic created and its
 * partition leaders answering before anyone produces (the KAFKA-15591 guard). Random port.
 */
public final class TestKafka {
  private static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
  private static String bootstrapServers;

  private TestKafka() {}

  public static synchronized String bootstrapServers() {
    if (bootstrapServers == null) {
      QuietLogging.install();
      long started = System.nanoTime();
      bootstrapServers = TestInfra.current() == TestInfra.CONTAINERS ? startContainer() : startEmbedded();
      TopicProvisioner.ensureReady(bootstrapServers, TopicProvisioner.platformTopics(Topic.DEFAULT_PARTITIONS),
          Duration.ofSeconds(60));
      System.out.printf("testkit: Kafka (%s) with platform topics ready at %s in %d ms%n",
          TestInfra.current(), bootstrapServers, (System.nanoTime() - started) / 1_000_000);
    }
    return bootstrapServers;
  }

  /** Creates extra topics (a test's own) and waits until they are served. */
  public static void ensureTopics(Map<String, Integer> partitionsByTopic) {
    TopicProvisioner.ensureReady(bootstrapServers(), partitionsByTopic, Duration.ofSeconds(60));
  }

  private static String startEmbedded() {
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()
        .withKafkaHost("127.0.0.1")
        .withDeleteLogDirsOnClose(true)
        .withAdditionalProperties(p -> {
          p.put("auto.create.topics.enable", "false");
          p.put("group.initial.rebalance.delay.ms", "0");
          p.put("offsets.topic.num.partitions", "3");
        })
        .start();
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "testkit-kafka-stop"));
    return broker.getAdvertisedListeners().replace("PLAINTEXT://", "");
  }

  private static String startContainer() {
    KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE))
        .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
    kafka.start();
    Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop, "testkit-kafka-stop"));
    return kafka.getBootstrapServers();
  }
}
