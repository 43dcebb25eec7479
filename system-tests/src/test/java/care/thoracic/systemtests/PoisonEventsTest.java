package care.thoracic.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.PlanVariant;
import care.thoracic.contracts.cloudevents.CloudEventCodec;
import care.thoracic.contracts.events.PlanStarted;
import care.thoracic.contracts.events.Topic;
import care.thoracic.contracts.kafka.BrokerAccess;
import care.thoracic.devstack.DeadLetters;
import care.thoracic.devstack.Journey;
import care.thoracic.testkit.TestEvents;
import care.thoracic.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Records no consumer can take, on the plan topic three services read (in four consumer groups): each lands in
 * {@code care.plan.v1.dlq} with its reason, once per consumer group, and every consumer goes on
 * with the patient's next event (same key, so same partition, right behind the poison). Then a
 * replay with the command {@code ./care dlq} uses sends every genuine letter back (checked against
 * the record it names) and refuses one planted in the dead-letter topic.
 */
class PoisonEventsTest {
  private static final Map<String, Object> OPERATOR = TestKafka.clientConfig(BrokerAccess.OPERATOR);
  /**
   * The consumer groups that read care.plan.v1 and dead-letter what they cannot take: plan-service's
   * views, progress-service's, and reminder-service's two (schedules, the patient feed). The groups
   * that only wake live streams skip a bad record.
   */
  private static final int DEAD_LETTERING_GROUPS = 4;
  private final RunningPlatform platform = RunningPlatform.get();

  @Test
  void poison_goes_to_the_dead_letter_topic_with_its_reason_and_the_consumers_go_on() throws Exception {
    String clinic = RunningPlatform.newClinic("poison");
    Journey journey = platform.journey(clinic, "pat-poison");
    LocalDate onset = journey.tomorrowAt(LocalTime.of(9, 30));
    String key = clinic + ":pat-poison";
    PlanStarted good = started("pat-poison", onset);
    CloudEventCodec.Encoded encoded = CloudEventCodec.encode(envelope(clinic, good), "plan-service");

    Map<String, ProducerRecord<String, byte[]>> poisons = Map.of(
        "malformed JSON", record(encoded, key, headers -> headers, "{\"planId\": ".getBytes(StandardCharsets.UTF_8)),
        "unknown type", record(encoded, key, headers -> with(headers, "ce_type", "care.plan.exploded.v1"), encoded.value()),
        "no tenant", record(encoded, key, headers -> without(headers, "ce_tenantid"), encoded.value()),
        "another tenant", record(encoded, key, headers -> with(headers, "ce_tenantid", "sys-poison-elsewhere"),
            encoded.value()),
        "huge payload", record(encoded, key, headers -> headers, huge(encoded.value())));
    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (ProducerRecord<String, byte[]> poison : poisons.values()) {
        producer.send(poison).get();
      }
    }
    // the patient's real journey, right behind the poison on the same partition
    journey.submitIntake(journey.mechanicalIntake(onset, 6));
    String planId = journey.awaitRunningPlan();
    journey.awaitProgress(planId);
    Journey.await("reminders planned", () -> Optional.of(journey.reminders("PENDING")).filter(r -> !r.isEmpty()));

    List<DeadLetters.Letter> letters = Journey.await("every poison dead-lettered by every consumer", () -> Optional.of(
            DeadLetters.list(OPERATOR, Topic.PLAN.topicName()).stream()
                .filter(letter -> key.equals(letter.key())).toList())
        .filter(found -> found.size() == poisons.size() * DEAD_LETTERING_GROUPS));
    Map<String, Long> reasons = letters.stream().collect(Collectors.groupingBy(
        letter -> letter.reason().substring(0, letter.reason().indexOf(':')), Collectors.counting()));
    long each = DEAD_LETTERING_GROUPS;
    assertThat(reasons).as("each poison's reason, once per consumer group").isEqualTo(Map.of(
        "MALFORMED_PAYLOAD", each, "UNKNOWN_TYPE", each, "MISSING_HEADER", each, "TENANT_MISMATCH", each,
        "OVERSIZED", each));

    // a letter no consumer wrote: a principal that may write the dead-letter topic (any consumer of the
    // topic) puts a plan there; the operator's replay must not launder it onto the topic
    PlanStarted planted = started("pat-forged-letter", onset);
    CloudEventCodec.Encoded letter = CloudEventCodec.encode(envelope(clinic, planted), "plan-service");
    try (KafkaProducer<String, byte[]> producer = producer()) {
      producer.send(record(letter, clinic + ":pat-forged-letter", headers -> with(with(headers, "dead-letter-reason",
          "a bug since fixed"), "dead-letter-topic", Topic.PLAN.topicName()), letter.value(), Topic.PLAN.topicName()
          + ".dlq")).get();
    }
    int waiting = DeadLetters.list(OPERATOR, Topic.PLAN.topicName()).size();
    DeadLetters.Replay replay = DeadLetters.replay(OPERATOR, Topic.PLAN.topicName());
    assertThat(replay.sent()).as("every genuine letter is sent back, each checked against its original")
        .isEqualTo(waiting - 1);
    assertThat(replay.refused()).singleElement().asString().contains(clinic + ":pat-forged-letter")
        .contains("names no original record");
    assertThat(TestEvents.readToEnd(Topic.PLAN, Tenant.of(clinic))).as("nothing of it reached the plan topic")
        .noneMatch(record -> record.key().equals(clinic + ":pat-forged-letter"));
    // the replayed poison is poison still: back in the dead-letter topic, and the consumers went on
    Journey.await("the replayed poison dead-lettered again", () -> Optional.of(
            DeadLetters.list(OPERATOR, Topic.PLAN.topicName()).stream()
                .filter(l -> key.equals(l.key())).count())
        .filter(count -> count == (long) poisons.size() * DEAD_LETTERING_GROUPS * (1 + DEAD_LETTERING_GROUPS)));
  }

  private static PlanStarted started(String patient, LocalDate onset) {
    UUID triage = UUID.randomUUID();
    return new PlanStarted(UUID.nameUUIDFromBytes(("plan-of-" + triage).getBytes(StandardCharsets.UTF_8)),
        PatientId.of(patient), triage, "thoracic-v1@2026.11", PlanVariant.STANDARD, Phase.ACUTE, onset,
        ZoneId.of("Europe/Berlin"), 6, null, onset, onset.plusDays(3));
  }

  private static EventEnvelope<PlanStarted> envelope(String clinic, PlanStarted event) {
    return TestEvents.envelope(Tenant.of(clinic), "plan-" + event.planId(), 1, event, Actor.service("plan-service"));
  }

  private static ProducerRecord<String, byte[]> record(CloudEventCodec.Encoded encoded, String key,
      Function<Map<String, String>, Map<String, String>> headers, byte[] value) {
    return record(encoded, key, headers, value, encoded.topic());
  }

  private static ProducerRecord<String, byte[]> record(CloudEventCodec.Encoded encoded, String key,
      Function<Map<String, String>, Map<String, String>> headers, byte[] value, String topic) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
    headers.apply(encoded.headers()).forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
    return record;
  }

  private static Map<String, String> with(Map<String, String> headers, String name, String value) {
    Map<String, String> changed = new LinkedHashMap<>(headers);
    changed.put(name, value);
    return changed;
  }

  private static Map<String, String> without(Map<String, String> headers, String name) {
    Map<String, String> changed = new LinkedHashMap<>(headers);
    changed.remove(name);
    return changed;
  }

  /** The event with 700 KB of padding inside its JSON: well-formed, and far beyond any real event. */
  private static byte[] huge(byte[] json) {
    String text = new String(json, StandardCharsets.UTF_8);
    return ("{\"padding\": \"" + "x".repeat(700_000) + "\", " + text.substring(1)).getBytes(StandardCharsets.UTF_8);
  }

  /** As plan-service: the principal that may write the plan topic (and, as its consumer, its dead-letter topic). */
  private static KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(TestKafka.clientConfig("plan-service"), new StringSerializer(),
        new ByteArraySerializer());
  }
}
