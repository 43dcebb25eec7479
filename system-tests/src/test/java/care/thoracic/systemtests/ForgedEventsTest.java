package care.thoracic.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.FlagCode;
import care.thoracic.contracts.clinical.FlagSource;
import care.thoracic.contracts.clinical.Recommendation;
import care.thoracic.contracts.clinical.Severity;
import care.thoracic.contracts.cloudevents.CloudEventCodec;
import care.thoracic.contracts.events.RedFlagRaised;
import care.thoracic.contracts.events.Topic;
import care.thoracic.contracts.kafka.BrokerAccess;
import care.thoracic.devstack.DeadLetters;
import care.thoracic.devstack.Journey;
import care.thoracic.testkit.TestEvents;
import care.thoracic.testkit.TestKafka;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An URGENT red flag for a patient on a running plan, were it believed, suspends the plan and
 * cancels every reminder. Written by a principal that may write the red-flag topic but naming another
 * service as its source, it is dead-lettered by every consumer (FOREIGN_SOURCE); written by a
 * principal without write rights, it never reaches the topic. Either way the plan stays active and
 * its reminders pending. The same flag from its declared producer then suspends the plan: the
 * forged ones were refused for where they came from, not for what they said.
 */
class ForgedEventsTest {
  private static final Pattern CHANNEL_TOPIC = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.topic");
  @BeforeAll
  static void onASecuredBroker() {
    assumeTrue(TestKafka.secured(), "the containers mode runs the broker image without authentication: broker "
        + "access is proven on the embedded broker");
  }

  private final RunningPlatform platform = RunningPlatform.get();

  @Test
  void an_event_from_anyone_but_its_declared_producer_changes_nothing() throws Exception {
    String clinic = RunningPlatform.newClinic("forged");
    Journey journey = platform.journey(clinic, "pat-forged");
    journey.submitIntake(journey.mechanicalIntake(journey.tomorrowAt(LocalTime.of(9, 0)), 5));
    String planId = journey.awaitRunningPlan();
    Journey.await("reminders planned", () -> Optional.of(journey.reminders("PENDING")).filter(r -> !r.isEmpty()));
    EventEnvelope<RedFlagRaised> flag = urgentFlag(clinic, "pat-forged", UUID.fromString(planId));

    // triage-service may write red flags, but this one claims to come from reminder-service
    send("triage-service", CloudEventCodec.encode(flag, "reminder-service"));
    // reminder-service may not write red flags at all
    assertThatThrownBy(() -> send("reminder-service", CloudEventCodec.encode(flag, "progress-service")))
        .hasCauseInstanceOf(TopicAuthorizationException.class);

    String key = clinic + ":pat-forged";
    int consumers = deadLetteringChannels(Topic.RED_FLAG); // plan-service's inbox and its patient records, progress, the feed
    List<DeadLetters.Letter> letters = Journey.await("the forged flag dead-lettered by each of its consumer groups",
        () -> Optional.of(DeadLetters.list(TestKafka.clientConfig(BrokerAccess.OPERATOR), Topic.RED_FLAG.topicName())
            .stream().filter(letter -> key.equals(letter.key())).toList()).filter(found -> found.size() == consumers));
    assertThat(letters).extracting(DeadLetters.Letter::reason).allSatisfy(reason ->
        assertThat(reason).startsWith("FOREIGN_SOURCE").contains("not from /reminder-service"));
    // every consumer has dealt with it (dead-lettered), and it changed nothing
    assertThat(journey.plan(planId).get("status").asText()).isEqualTo("ACTIVE");
    assertThat(journey.flags("OPEN")).isEmpty();
    assertThat(journey.reminders("CANCELLED")).isEmpty();

    TestEvents.publish(flag, "progress-service");
    journey.awaitPlan("suspended by the genuine flag", Journey.status("SUSPENDED"));
  }

  /**
   * The channels (each a consumer group of its own) that read {@code topic} and dead-letter what they
   * refuse, as the consuming services configure them.
   */
  private static int deadLetteringChannels(Topic topic) throws IOException {
    int channels = 0;
    for (String service : topic.consumers()) {
      Properties config = new Properties();
      try (InputStream in = Files.newInputStream(Path.of("..", service, "src/main/resources/application.properties"))) {
        config.load(in);
      }
      for (String name : config.stringPropertyNames()) {
        Matcher channel = CHANNEL_TOPIC.matcher(name);
        if (channel.matches() && topic.topicName().equals(config.getProperty(name)) && "dead-letter-queue".equals(
            config.getProperty("mp.messaging.incoming." + channel.group(1) + ".failure-strategy"))) {
          channels++;
        }
      }
    }
    return channels;
  }

  private static EventEnvelope<RedFlagRaised> urgentFlag(String clinic, String patient, UUID planId) {
    RedFlagRaised raised = new RedFlagRaised(UUID.randomUUID(), PatientId.of(patient), FlagCode.PROGRESSIVE_NUMBNESS,
        Severity.URGENT, Recommendation.EMERGENCY_CARE, FlagSource.PROGRESS, null, planId,
        List.of("Numbness that is getting worse needs to be seen today."));
    return TestEvents.envelope(Tenant.of(clinic), "progress-" + planId, 1, raised, Actor.service("progress-service"));
  }

  private static void send(String principal, CloudEventCodec.Encoded encoded) throws Exception {
    Map<String, Object> config = TestKafka.clientConfig(principal);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      ProducerRecord<String, byte[]> record = new ProducerRecord<>(encoded.topic(), encoded.key(), encoded.value());
      encoded.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
      producer.send(record).get(20, TimeUnit.SECONDS);
    }
  }
}
