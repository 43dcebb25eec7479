package care.thoracic.plan.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.AccessAction;
import care.thoracic.contracts.clinical.AccessOutcome;
import care.thoracic.contracts.clinical.Category;
import care.thoracic.contracts.clinical.Disposition;
import care.thoracic.contracts.cloudevents.CloudEventCodec;
import care.thoracic.contracts.events.PatientDataAccessed;
import care.thoracic.contracts.events.Topic;
import care.thoracic.contracts.kafka.BrokerAccess;
import care.thoracic.testkit.CareTestResource;
import care.thoracic.testkit.RequiresTestInfra;
import care.thoracic.testkit.TestEvents;
import care.thoracic.testkit.TestKafka;
import care.thoracic.testkit.TestTriages;
import care.thoracic.testkit.Tokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The clinic's access log, fed by every service's records on the real broker: who may read it, and what it says. */
@QuarkusTest
@RequiresTestInfra
@WithTestResource(value = CareTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AccessLogTest {
  private final String clinic = "clinic-" + UUID.randomUUID().toString().substring(0, 8);
  private final String admin = Tokens.clinicAdmin(clinic, "admin-1");

  private static JsonPath log(String token, String patient) {
    return given().auth().oauth2(token).get("/patients/{id}/access-log?size=200", patient).then().statusCode(200)
        .extract().jsonPath();
  }

  private JsonPath awaitLog(String token, String patient, int atLeast, String resource) {
    await().atMost(Duration.ofSeconds(30)).until(() -> log(token, patient).<Map<String, Object>>getList("items")
        .stream().filter(item -> resource.equals(item.get("resource"))).count() >= atLeast);
    return log(token, patient);
  }

  @Test
  void a_clinicians_read_reaches_the_log_which_the_patient_and_the_clinic_admin_may_read_and_nobody_else() {
    String patient = "pat-" + UUID.randomUUID().toString().substring(0, 6);
    TestEvents.publish(TestTriages.asPublished(clinic, TestTriages.completed(UUID.randomUUID(), patient, 5,
        LocalDate.now(TestTriages.BERLIN).minusDays(10), Category.MECHANICAL, Disposition.SELF_CARE)), "triage-service");
    String clinician = Tokens.clinician(clinic, "dr-reader");
    await().atMost(Duration.ofSeconds(20)).until(() ->
        given().auth().oauth2(clinician).get("/patients/{id}/plan", patient).statusCode() == 200);
    given().auth().oauth2(clinician).header("X-Correlation-Id", "corr-log-" + patient)
        .get("/patients/{id}/plan", patient).then().statusCode(200);

    JsonPath seenByAdmin = awaitLog(admin, patient, 2, "GET /patients/{patientId}/plan");
    Map<String, Object> read = seenByAdmin.<Map<String, Object>>getList("items").stream()
        .filter(item -> ("corr-log-" + patient).equals(item.get("correlationId"))).findFirst().orElseThrow();
    assertThat(read).containsEntry("subject", "dr-reader").containsEntry("roles", List.of("clinician"))
        .containsEntry("service", "plan-service").containsEntry("action", "READ").containsEntry("outcome", "SUCCESS")
        .containsEntry("status", 200).containsEntry("patientId", patient).containsEntry("viaTicket", false);

    JsonPath seenByPatient = log(Tokens.patient(clinic, patient), patient);
    assertThat(seenByPatient.<String>getList("items.correlationId")).contains("corr-log-" + patient);

    given().auth().oauth2(clinician).get("/patients/{id}/access-log", patient).then().statusCode(403);
    given().auth().oauth2(Tokens.token(clinic, "dr-also-a-patient", "clinician", "patient").sign())
        .get("/patients/{id}/access-log", patient).then().statusCode(404);
    given().auth().oauth2(Tokens.patient(clinic, "someone-else")).get("/patients/{id}/access-log", patient).then()
        .statusCode(404).contentType("application/problem+json");
    assertThat(log(Tokens.clinicAdmin("clinic-other", "admin-9"), patient).getLong("total"))
        .as("another clinic's admin finds nothing of this clinic's patient").isZero();
    given().get("/patients/{id}/access-log", patient).then().statusCode(401);
    given().auth().oauth2(admin).get("/patients/{id}/access-log?size=201", patient).then().statusCode(400)
        .body("errors[0].field", equalTo("size"));
  }

  @Test
  void a_record_delivered_twice_is_logged_once_and_another_patients_attempt_is_masked_for_the_patient() {
    String patient = "pat-" + UUID.randomUUID().toString().substring(0, 6);
    EventEnvelope<PatientDataAccessed> attempt = TestEvents.envelope(Tenant.of(clinic), "access-" + UUID.randomUUID(),
        1, new PatientDataAccessed(UUID.randomUUID(), PatientId.of(patient), "pat-curious", List.of("patient"),
            "reminder-service", AccessAction.READ, "GET /patients/{patientId}/feed", AccessOutcome.DENIED, 404,
            Instant.now(), "corr-curious", false), Actor.service("reminder-service"));
    TestEvents.publish(attempt, "reminder-service");
    TestEvents.publish(attempt, "reminder-service");

    JsonPath seenByAdmin = awaitLog(admin, patient, 1, "GET /patients/{patientId}/feed");
    assertThat(seenByAdmin.<String>getList("items.correlationId").stream().filter("corr-curious"::equals)).hasSize(1);
    assertThat(seenByAdmin.<String>getList("items.subject")).contains("pat-curious");

    JsonPath seenByPatient = log(Tokens.patient(clinic, patient), patient);
    assertThat(seenByPatient.<Map<String, Object>>getList("items")).filteredOn("correlationId", "corr-curious")
        .singleElement().satisfies(item -> assertThat(item).containsEntry("subject", AccessLogResource.ANOTHER_PATIENT)
            .containsEntry("outcome", "DENIED"));
    assertThat(seenByPatient.getString("items.subject")).doesNotContain("pat-curious");
  }

  @Test
  void poison_among_a_batch_of_records_is_dead_lettered_alone_and_the_records_around_it_are_logged() throws Exception {
    String patient = "pat-" + UUID.randomUUID().toString().substring(0, 6);
    List<CloudEventCodec.Encoded> accesses = new ArrayList<>();
    for (String correlation : List.of("corr-before-poison", "corr-after-poison")) {
      accesses.add(CloudEventCodec.encode(TestEvents.envelope(Tenant.of(clinic), "access-" + UUID.randomUUID(), 1,
          new PatientDataAccessed(UUID.randomUUID(), PatientId.of(patient), "dr-batch", List.of("clinician"),
              "progress-service", AccessAction.READ, "GET /plans/{planId}/progress", AccessOutcome.SUCCESS, 200,
              Instant.now(), correlation + "-" + patient, false), Actor.service("progress-service")),
          "progress-service"));
    }
    CloudEventCodec.Encoded first = accesses.get(0);
    Map<String, Object> config = TestKafka.clientConfig("progress-service");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 50); // one producer batch, so most likely one poll's batch too
    try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      List<Future<?>> sent = new ArrayList<>();
      sent.add(producer.send(kafkaRecord(first, first.value())));
      sent.add(producer.send(kafkaRecord(first, "{\"accessId\": ".getBytes(StandardCharsets.UTF_8))));
      sent.add(producer.send(kafkaRecord(accesses.get(1), accesses.get(1).value())));
      for (Future<?> each : sent) {
        each.get();
      }
    }

    JsonPath logged = awaitLog(admin, patient, 2, "GET /plans/{planId}/progress");
    assertThat(logged.<Map<String, Object>>getList("items")).filteredOn("subject", "dr-batch")
        .extracting(item -> item.get("correlationId")).containsExactlyInAnyOrder("corr-before-poison-" + patient, "corr-after-poison-" + patient);
    await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters(first.key()).size() == 1);
    assertThat(deadLetters(first.key()).get(0)).startsWith("MALFORMED_PAYLOAD");
  }

  private static ProducerRecord<String, byte[]> kafkaRecord(CloudEventCodec.Encoded encoded, byte[] value) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(encoded.topic(), encoded.key(), value);
    encoded.headers().forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
    return record;
  }

  /** The reasons of the dead letters on {@code care.audit.v1.dlq} under this key. */
  private static List<String> deadLetters(String key) {
    try (var consumer = new KafkaConsumer<>(TestKafka.clientConfig(BrokerAccess.OPERATOR), new StringDeserializer(),
        new StringDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topic.AUDIT.topicName() + ".dlq").stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<String> reasons = new ArrayList<>();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, String> letter : consumer.poll(Duration.ofMillis(200))) {
          Header reason = letter.headers().lastHeader("dead-letter-reason");
          if (key.equals(letter.key()) && reason != null) {
            reasons.add(new String(reason.value(), StandardCharsets.UTF_8));
          }
        }
      }
      return reasons;
    }
  }

  @Test
  void the_log_is_also_a_bundle_of_fhir_audit_events() {
    String patient = "pat-" + UUID.randomUUID().toString().substring(0, 6);
    TestEvents.publish(TestEvents.envelope(Tenant.of(clinic), "access-" + UUID.randomUUID(), 1,
        new PatientDataAccessed(UUID.randomUUID(), PatientId.of(patient), "dr-ada", List.of("clinician"),
            "progress-service", AccessAction.READ, "GET /plans/{planId}/progress", AccessOutcome.SUCCESS, 200,
            Instant.now(), "corr-fhir", false), Actor.service("progress-service")), "progress-service");
    awaitLog(admin, patient, 1, "GET /plans/{planId}/progress");

    given().auth().oauth2(admin).get("/patients/{id}/access-log/audit-events", patient).then().statusCode(200)
        .contentType("application/fhir+json").body("resourceType", equalTo("Bundle")).body("type", equalTo("searchset"))
        .body("entry.find { it.resource.entity[0].detail.find { d -> d.valueString == 'corr-fhir' } }.resource.type.code",
            equalTo("rest"))
        .body("entry[0].resource.entity[0].what.reference", equalTo("Patient/" + patient));
  }
}
