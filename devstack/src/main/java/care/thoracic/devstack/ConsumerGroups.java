package care.thoracic.devstack;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a service's consumer group has processed everything on a topic: its committed offsets
 * reached the topic's end on every partition. A partition it never committed counts from 0, so
 * a group that has not started yet is behind, not caught up.
 */
public final class ConsumerGroups implements AutoCloseable {
  private final Admin admin;

  /** @param operator the operator's client settings: bootstrap servers and credentials */
  public ConsumerGroups(Map<String, Object> operator) {
    this.admin = Admin.create(operator);
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

  /** The consumer groups the broker knows whose names pass {@code wanted}. */
  public List<String> groups(Predicate<String> wanted) {
    return get(admin.listGroups().all()).stream().map(GroupListing::groupId).filter(wanted).sorted().toList();
  }

  /** The topics a group has committed offsets on. */
  public Set<String> topicsOf(String group) {
    return get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()).keySet().stream()
        .map(TopicPartition::topic).collect(Collectors.toSet());
  }

  /**
   * Moves a group with no running members back to the beginning of every partition it has read:
   * it receives every event again, as after an operator's reset.
   */
  public void rewind(String group) {
    // members of a process that was killed linger until their session times out (45 s)
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!get(admin.describeConsumerGroups(List.of(group)).all()).get(group).members().isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(group + " still has members: stop its consumers first");
      }
      pause();
    }
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()).keySet()
        .forEach(partition -> earliest.put(partition, OffsetSpec.earliest()));
    Map<TopicPartition, OffsetAndMetadata> beginning = new HashMap<>();
    get(admin.listOffsets(earliest).all()).forEach((partition, offset) ->
        beginning.put(partition, new OffsetAndMetadata(offset.offset())));
    get(admin.alterConsumerGroupOffsets(group, beginning).all());
  }

  private static <T> T get(KafkaFuture<T> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** How many records of {@code topic} the group has not committed yet. */
  public long behind(String group, String topic) {
    int partitions = get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic).partitions().size();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int partition = 0; partition < partitions; partition++) {
      latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
    }
    var ends = get(admin.listOffsets(latest).all());
    Map<TopicPartition, OffsetAndMetadata> committed = get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
    long behind = 0;
    for (var end : ends.entrySet()) {
      OffsetAndMetadata at = committed.get(end.getKey());
      behind += Math.max(0, end.getValue().offset() - (at == null ? 0 : at.offset()));
    }
    return behind;
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
