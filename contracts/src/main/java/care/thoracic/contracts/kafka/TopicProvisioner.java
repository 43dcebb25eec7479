package care.thoracic.contracts.kafka;

import care.thoracic.contracts.events.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates topics if missing and returns only when every partition's leader answers ListOffsets.
 * Producing to a topic the broker has not finished creating loses the first batch of an idempotent
 * producer (KAFKA-15591, fixed in Kafka 4.5), so nothing produces before this returns.
 */
public final class TopicProvisioner {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private TopicProvisioner() {}

  /** Every platform topic with {@code partitions} partitions, and its dead-letter topic with one. */
  public static Map<String, Integer> platformTopics(int partitions) {
    Map<String, Integer> topics = new LinkedHashMap<>();
    for (Topic topic : Topic.values()) {
      topics.put(topic.topicName(), partitions);
      topics.put(topic.deadLetterTopicName(), 1);
    }
    return topics;
  }

  /** @param adminConfig the admin client's settings: bootstrap servers and, on a secured broker, the admin's SASL */
  public static void ensureReady(Map<String, ?> adminConfig, Map<String, Integer> partitionsByTopic, Duration timeout) {
    try (Admin admin = Admin.create(Map.copyOf(adminConfig))) {
      create(admin, partitionsByTopic);
      awaitLeaders(admin, partitionsByTopic, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while provisioning topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("topics not ready on " + adminConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)
          + ": " + e.getMessage(), e);
    }
  }

  private static void create(Admin admin, Map<String, Integer> partitionsByTopic)
      throws InterruptedException, ExecutionException, TimeoutException {
    List<NewTopic> wanted = partitionsByTopic.entrySet().stream()
        .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1))
        .toList();
    for (var result : admin.createTopics(wanted).values().values()) {
      try {
        result.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
  }

  /** Right after CreateTopics the metadata may not have reached the leaders yet (retriable errors). */
  private static void awaitLeaders(Admin admin, Map<String, Integer> partitionsByTopic, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<String, TopicDescription> described = admin.describeTopics(partitionsByTopic.keySet())
            .allTopicNames().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        for (TopicDescription d : described.values()) {
          d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
        }
        admin.listOffsets(latest).all().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }
}
