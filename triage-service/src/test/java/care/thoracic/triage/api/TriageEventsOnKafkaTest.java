package care.thoracic.triage.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.Disposition;
import care.thoracic.contracts.clinical.FlagCode;
import care.thoracic.contracts.clinical.FlagSource;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.RedFlagRaised;
import care.thoracic.contracts.events.TriageCompleted;
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

/** On the real (embedded) broker: what a POST puts on Kafka, as other services will read it. */
@QuarkusTest
@RequiresTestInfra
@WithTestResource(value = CareTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class TriageEventsOnKafkaTest {
  @Inject PatientPayloads payloads;

  @Test
  void an_urgent_intake_publishes_triage_completed_and_one_red_flag_per_flag_as_cloudevents() throws Exception {
    String clinic = "clinic-" + UUID.randomUUID().toString().substring(0, 8);
    String patient = "pat-kafka";
    String triageId = given().auth().oauth2(Tokens.patient(clinic, patient)).header("X-Correlation-Id", "corr-urgent-1")
        .contentType("application/json").body(OpenApiExamples.URGENT.replace("pat-0004", patient)
            .replace("\"significantTrauma\": false", "\"significantTrauma\": true"))
        .post("/triage").then().statusCode(201).extract().path("triageId");

    List<ConsumerRecord<String, byte[]>> triages = read("care.triage.v1", clinic + ":" + patient, 1);
    List<ConsumerRecord<String, byte[]>> flags = read("care.redflag.v1", clinic + ":" + patient, 2);

    ConsumerRecord<String, byte[]> record = triages.getFirst();
    assertThat(header(record, "ce_type")).isEqualTo("care.triage.completed.v1");
    assertThat(header(record, "ce_source")).isEqualTo("/triage-service");
    assertThat(header(record, "ce_subject")).isEqualTo("triage-" + triageId);
    assertThat(header(record, "ce_tenantid")).isEqualTo(clinic);
    assertThat(header(record, "ce_streamversion")).isEqualTo("1");
    assertThat(header(record, "ce_correlationid")).isEqualTo("corr-urgent-1");
    assertThat(header(record, "ce_actor")).isEqualTo("user:" + patient);
    EventEnvelope<CareEvent> completed = IncomingEvents.decode(record, payloads);
    assertThat(completed.tenant()).isEqualTo(Tenant.of(clinic));
    assertThat(completed.event()).isInstanceOfSatisfying(TriageCompleted.class, t -> {
      assertThat(t.triageId()).hasToString(triageId);
      assertThat(t.disposition()).isEqualTo(Disposition.URGENT);
    });

    List<RedFlagRaised> raised = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> flag : flags) {
      assertThat(header(flag, "ce_type")).isEqualTo("care.redflag.raised.v1");
      assertThat(header(flag, "ce_subject")).isEqualTo("triage-" + triageId);
      raised.add((RedFlagRaised) IncomingEvents.decode(flag, payloads).event());
    }
    assertThat(raised).extracting(RedFlagRaised::code)
        .containsExactly(FlagCode.FEVER_WITH_SEVERE_PAIN, FlagCode.SIGNIFICANT_TRAUMA);
    assertThat(raised).allSatisfy(flag -> {
      assertThat(flag.source()).isEqualTo(FlagSource.TRIAGE);
      assertThat(flag.triageId()).hasToString(triageId);
    });
    assertThat(flags).extracting(f -> header(f, "ce_streamversion")).containsExactly("2", "3");
  }

  private static List<ConsumerRecord<String, byte[]>> read(String topic, String key, int expected) {
    Map<String, Object> config = TestKafka.clientConfig(BrokerAccess.OPERATOR);
    config.put("group.id", "triage-test-" + UUID.randomUUID());
    config.put("auto.offset.reset", "earliest");
    List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
    try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (key.equals(r.key())) {
            found.add(r);
          }
        });
        return found.size() >= expected;
      });
    }
    return found;
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
