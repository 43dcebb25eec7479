package care.thoracic.devstack;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a service's consumer group has processed everything on a topic: its committed offsets
 * reached the topic's end on every partition. A partition it never committed counts from 0, so
 * a group that has not started yet is behind, not caught up.
 */
public final class ConsumerGroups implements AutoCloseable {
  private final Admin admin;

  public ConsumerGroups(String bootstrapServers) {
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  public void awaitCaughtUp(String group, String topic, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long behind;
    while ((behind = behind(group, topic)) > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(group + " is still " + behind + " records behind on " + topic + " after " + timeout);
      }
      pause();
    }
  }

  long behind(String group, String topic) {
    try {
      int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int partition = 0; partition < partitions; partition++) {
        latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
      }
      var ends = admin.listOffsets(latest).all().get();
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      long behind = 0;
      for (var end : ends.entrySet()) {
        OffsetAndMetadata at = committed.get(end.getKey());
        behind += Math.max(0, end.getValue().offset() - (at == null ? 0 : at.offset()));
      }
      return behind;
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot read the offsets of " + group + " on " + topic, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
