package care.thoracic.eventsourcing.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.CareJson;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.ExerciseLog;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.eventsourcing.store.Commit;
import care.thoracic.testkit.TestEvents;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The order of one stream's commits on Kafka when sends fail. Driven through a {@code MockProducer}
 * that completes or fails each send on cue; against a real broker, the same race (a send that fails
 * while a later one of its stream gets through) shows up only as a broker restarts.
 */
class KafkaEventPublisherTest {
  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
  private final KafkaEventPublisher publisher = new KafkaEventPublisher(producer, "publisher-test");
  private final Tenant tenant = Tenant.of("clinic-publisher");
  private final UUID plan = UUID.randomUUID();

  @Test
  void a_stream_commit_is_sent_only_once_the_one_before_it_is_acknowledged() throws Exception {
    Commit first = commit("progress-a", 21);
    Commit second = commit("progress-a", 22);
    Commit otherStream = commit("progress-b", 7);

    CompletableFuture<List<Commit>> published = publishAsync(List.of(first, second, otherStream));

    await().until(() -> producer.history().size() == 2);
    assertThat(versionsSent()).as("first wave: the first commit of each stream").containsExactly(21L, 7L);
    producer.completeNext();
    producer.completeNext();
    await().until(() -> producer.history().size() == 3);
    assertThat(versionsSent()).containsExactly(21L, 7L, 22L);
    producer.completeNext();
    assertThat(published.get()).containsExactly(first, second, otherStream);
  }

  @Test
  void when_a_send_fails_the_later_commits_of_its_stream_are_not_sent_and_come_back_in_order() throws Exception {
    Commit first = commit("progress-a", 21);
    Commit second = commit("progress-a", 22);
    Commit otherStream = commit("progress-b", 7);

    CompletableFuture<List<Commit>> published = publishAsync(List.of(first, second, otherStream));

    await().until(() -> producer.history().size() == 2);
    producer.errorNext(new TimeoutException("expired while the broker restarted"));
    producer.completeNext();
    assertThat(published.get()).as("acknowledged: a prefix per stream").containsExactly(otherStream);
    assertThat(versionsSent()).as("version 22 never left before 21 was acknowledged").containsExactly(21L, 7L);
  }

  private CompletableFuture<List<Commit>> publishAsync(List<Commit> commits) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return publisher.publish(commits);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private List<Long> versionsSent() {
    return producer.history().stream().map(ProducerRecord::headers)
        .map(headers -> Long.parseLong(new String(headers.lastHeader("ce_streamversion").value(), StandardCharsets.UTF_8)))
        .toList();
  }

  private Commit commit(String streamId, long version) throws JsonProcessingException {
    SessionLogged session = new SessionLogged(UUID.randomUUID(), plan, PatientId.of("pat-1"), LocalDate.of(2026, 11, 1),
        List.of(new ExerciseLog("diaphragmatic-breathing", 3, 10, null, null)), 5, 4, Set.of(), null);
    EventEnvelope<CareEvent> envelope = TestEvents.envelope(tenant, streamId, version, session, Actor.user("pat-1"));
    return new Commit(tenant.id() + "/" + streamId + "/" + version, tenant, streamId, version, version, version,
        Instant.now(), List.of(envelope), List.of(CareJson.mapper().writeValueAsString(session)));
  }
}
