package care.thoracic.bench;

import static com.mongodb.client.model.Filters.eq;

import care.thoracic.contracts.kafka.BrokerAccess;
import care.thoracic.testkit.TestKafka;
import com.mongodb.client.MongoDatabase;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The work a service still owes after its requests were answered: commits its outbox has not
 * published, and events its consumer group has not yet processed. A measurement that starts
 * while a backlog drains measures the backlog too.
 */
final class Backlog {
  private Backlog() {}

  /** Waits until the outbox is empty and the group has consumed everything; returns how long that took. */
  static Duration awaitDrained(MongoDatabase store, String bootstrapServers, String groupId, Duration timeout)
      throws Exception {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    try (Admin admin = Admin.create(TestKafka.clientConfig(bootstrapServers, BrokerAccess.OPERATOR))) {
      while (unpublished(store) || lag(admin, groupId) > 0) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("backlog not drained in " + timeout + ": "
              + (unpublished(store) ? "commits unpublished, " : "") + "consumer lag " + lag(admin, groupId));
        }
        Thread.sleep(200);
      }
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** Whether any commit waits for the relay: one indexed read (a count would scan the collection). */
  private static boolean unpublished(MongoDatabase store) {
    return store.getCollection("event_commits").find(eq("pending", true)).limit(1).first() != null;
  }

  private static long lag(Admin admin, String groupId) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
        committed.keySet().stream().collect(java.util.stream.Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get();
    long lag = 0;
    for (var entry : committed.entrySet()) {
      long consumed = entry.getValue() == null ? 0 : entry.getValue().offset();
      lag += Math.max(0, ends.get(entry.getKey()).offset() - consumed);
    }
    return lag;
  }
}
