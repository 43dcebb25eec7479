package care.thoracic.platform.probe;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.cloudevents.CloudEventCodec;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.contracts.kafka.BrokerAccess;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.eventsourcing.messaging.IncomingEvents;
import care.thoracic.testkit.CareTestResource;
import care.thoracic.testkit.RequiresTestInfra;
import care.thoracic.testkit.TestKafka;
import care.thoracic.testkit.Tokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

@QuarkusTest
@RequiresTestInfra
@WithTestResource(value = CareTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class CommandFlowTest {
  @Inject PatientPayloads payloads;
  private final String patient = "pat-" + UUID.randomUUID().toString().substring(0, 8);
  private final String clinician = Tokens.clinician("clinic-west", "dr-cho");

  @Test
  void a_command_appends_its_event_and_the_relay_publishes_it_as_a_cloudevent_with_the_request_correlation()
      throws Exception {
    given().auth().oauth2(clinician).header("X-Correlation-Id", "corr-" + patient).contentType("application/json")
        .body("{\"painAfter\": 3}").post("/kit-probe/patients/{id}/sessions", patient).then()
        .statusCode(201).header("ETag", equalTo("\"1\""));

    ConsumerRecord<String, byte[]> record = awaitRecord("clinic-west:" + patient);
    // the session is health data: on the broker it is sealed with the patient's key, and opens with it
    assertThat(new String(record.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
        .isEqualTo(CloudEventCodec.CONTENT_TYPE_SEALED);
    assertThat(new String(record.value(), StandardCharsets.UTF_8)).startsWith(CloudEventCodec.SEALED_PREFIX)
        .doesNotContain("painAfter");
    EventEnvelope<CareEvent> event = IncomingEvents.decode(record, payloads);
    assertThat(event.event()).isInstanceOfSatisfying(SessionLogged.class, s -> assertThat(s.painAfter()).isEqualTo(3));
    assertThat(event.metadata().correlationId()).isEqualTo("corr-" + patient);
    assertThat(event.metadata().causationId()).startsWith("req-");
    assertThat(event.metadata().actor().toString()).isEqualTo("user:dr-cho");
    assertThat(event.metadata().streamId()).isEqualTo("progress-" + patient);
    assertThat(new String(record.headers().lastHeader("ce_source").value())).isEqualTo("/progress-service");
  }

  @Test
  void a_stale_if_match_is_409_and_appends_nothing() {
    log(null).statusCode(201).header("ETag", equalTo("\"1\""));
    log("\"1\"").statusCode(201).header("ETag", equalTo("\"2\""));

    log("\"1\"").statusCode(409).contentType("application/problem+json")
        .body("type", equalTo("https://care.thoracic/problems/conflict"));

    given().auth().oauth2(clinician).get("/kit-probe/patients/{id}/sessions", patient).then()
        .body("sessions", equalTo(2)).body("version", equalTo(2));
  }

  @Test
  void a_command_the_aggregate_refuses_is_409_with_its_reason_and_appends_nothing() {
    for (int i = 0; i < 3; i++) {
      log(null).statusCode(201);
    }
    log(null).statusCode(409).body("type", equalTo("https://care.thoracic/problems/command-rejected"))
        .body("detail", equalTo("at most 3 sessions may be logged here"));
    given().auth().oauth2(clinician).get("/kit-probe/patients/{id}/sessions", patient).then()
        .body("sessions", equalTo(3));
  }

  private io.restassured.response.ValidatableResponse log(String ifMatch) {
    var request = given().auth().oauth2(clinician).contentType("application/json").body("{\"painAfter\": 5}");
    if (ifMatch != null) {
      request.header("If-Match", ifMatch);
    }
    return request.post("/kit-probe/patients/{id}/sessions", patient).then();
  }

  private static ConsumerRecord<String, byte[]> awaitRecord(String key) {
    Map<String, Object> config = TestKafka.clientConfig(BrokerAccess.OPERATOR);
    config.put("group.id", "probe-" + UUID.randomUUID());
    config.put("auto.offset.reset", "earliest");
    try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of("care.session.v1"));
      List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (key.equals(r.key())) {
            found.add(r);
          }
        });
        return !found.isEmpty();
      });
      return found.getFirst();
    }
  }
}
