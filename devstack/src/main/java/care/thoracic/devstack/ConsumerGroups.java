package care.thoracic.devstack;

import java.time.Duration;
import java.util.Comparator;
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

  /**
   * Until the group has processed every record the topic held when asked. Records written while it
   * waits are not waited for: a topic that keeps growing (a dispatcher still firing reminders, an
   * outbox still publishing) would otherwise keep a group that keeps up "behind" as long as it grows.
   */
  public void awaitCaughtUp(String group, String topic, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<TopicPartition, Long> asked = endOffsets(topic);
    long behind;
    while ((behind = behind(committedOffsets(group), asked)) > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(group + " has still not processed " + behind + " records that were on "
            + topic + " " + timeout + " ago; " + whereBehind(group, topic, asked));
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
    return behind(committedOffsets(group), endOffsets(topic));
  }

  private static long behind(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream()
        .mapToLong(end -> Math.max(0, end.getValue() - committed.getOrDefault(end.getKey(), 0L))).sum();
  }

  /**
   * How much the topic grew since {@code ends} were read, and each partition the group is behind on
   * (committed / end) with the member holding it: what a stall needs to be found. A broker that
   * cannot say leaves the reason the wait failed as it was.
   */
  private String whereBehind(String group, String topic, Map<TopicPartition, Long> ends) {
    try {
      long grew = endOffsets(topic).values().stream().mapToLong(Long::longValue).sum()
          - ends.values().stream().mapToLong(Long::longValue).sum();
      return "the topic has grown by " + grew + " since; " + partitionsBehind(group, ends);
    } catch (RuntimeException unanswered) {
      return "no more detail: " + unanswered;
    }
  }

  private String partitionsBehind(String group, Map<TopicPartition, Long> ends) {
    Map<TopicPartition, Long> committed = committedOffsets(group);
    Map<TopicPartition, String> holders = new HashMap<>();
    get(admin.describeConsumerGroups(List.of(group)).all()).get(group).members().forEach(member ->
        member.assignment().topicPartitions().forEach(partition -> holders.put(partition,
            member.clientId() + "@" + member.host() + " (" + member.consumerId() + ")")));
    StringBuilder text = new StringBuilder("partitions behind (committed / end, held by):");
    ends.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(Comparator.comparingInt(TopicPartition::partition)))
        .filter(end -> committed.getOrDefault(end.getKey(), 0L) < end.getValue())
        .forEach(end -> text.append(' ').append(end.getKey()).append(' ')
            .append(committed.getOrDefault(end.getKey(), 0L)).append('/').append(end.getValue()).append(' ')
            .append(holders.getOrDefault(end.getKey(), "nobody")));
    return text.toString();
  }

  private Map<TopicPartition, Long> endOffsets(String topic) {
    int partitions = get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic).partitions().size();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int partition = 0; partition < partitions; partition++) {
      latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
    }
    Map<TopicPartition, Long> ends = new HashMap<>();
    get(admin.listOffsets(latest).all()).forEach((partition, end) -> ends.put(partition, end.offset()));
    return ends;
  }

  private Map<TopicPartition, Long> committedOffsets(String group) {
    Map<TopicPartition, Long> committed = new HashMap<>();
    get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata())
        .forEach((partition, at) -> {
          if (at != null) { // a partition the group never committed on reads from 0
            committed.put(partition, at.offset());
          }
        });
    return committed;
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
