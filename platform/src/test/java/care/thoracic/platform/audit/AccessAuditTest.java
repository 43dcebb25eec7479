package care.thoracic.platform.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import care.thoracic.contracts.CareJson;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.AccessAction;
import care.thoracic.contracts.clinical.AccessOutcome;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.PatientDataAccessed;
import care.thoracic.contracts.events.Topic;
import care.thoracic.contracts.kafka.BrokerAccess;
import care.thoracic.eventsourcing.messaging.IncomingEvents;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.testkit.CareTestResource;
import care.thoracic.testkit.RequiresTestInfra;
import care.thoracic.testkit.TestKafka;
import care.thoracic.testkit.Tokens;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;

@QuarkusTest
@RequiresTestInfra
@WithTestResource(value = CareTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AccessAuditTest {
  private final String patient = "pat-" + UUID.randomUUID().toString().substring(0, 8);
  private final String clinician = Tokens.clinician("clinic-west", "dr-cho");

  @Inject MongoDatabase database;
  @Inject AccessAuditTrail trail;

  @Test
  void a_read_is_in_the_store_before_its_answer_arrives_and_is_published_for_the_siem() {
    given().auth().oauth2(clinician).contentType("application/json").body("{\"painAfter\": 3}")
        .post("/kit-probe/patients/{id}/sessions", patient).then().statusCode(201);
    given().auth().oauth2(clinician).header("X-Correlation-Id", "corr-read-" + patient)
        .get("/kit-probe/patients/{id}/sessions", patient).then().statusCode(200);

    // no waiting: the answer came only after the record was committed
    List<PatientDataAccessed> stored = storedAccesses(patient);
    assertThat(stored).extracting(PatientDataAccessed::action, PatientDataAccessed::resource)
        .containsExactly(
            tuple(AccessAction.CREATE, "POST /kit-probe/patients/{patientId}/sessions"),
            tuple(AccessAction.READ, "GET /kit-probe/patients/{patientId}/sessions"));
    PatientDataAccessed read = stored.get(1);
    assertThat(read.subject()).isEqualTo("dr-cho");
    assertThat(read.roles()).containsExactly("clinician");
    assertThat(read.outcome()).isEqualTo(AccessOutcome.SUCCESS);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.correlationId()).isEqualTo("corr-read-" + patient);
    assertThat(read.service()).isEqualTo("progress-service");
    assertThat(read.viaTicket()).isFalse();

    List<ConsumerRecord<String, byte[]>> published = awaitAudit("clinic-west:" + patient, 2);
    EventEnvelope<CareEvent> event = decode(published.get(1));
    assertThat(event.event()).isEqualTo(read);
    assertThat(event.metadata().tenant().id()).isEqualTo("clinic-west");
    assertThat(new String(published.get(1).headers().lastHeader("ce_source").value())).isEqualTo("/progress-service");
  }

  @Test
  void a_patient_asking_for_another_patient_is_denied_and_the_attempt_is_recorded_under_the_asker() {
    String other = "pat-" + UUID.randomUUID().toString().substring(0, 8);
    given().auth().oauth2(Tokens.patient("clinic-west", patient)).get("/kit-probe/patients/{id}/sessions", other)
        .then().statusCode(404);

    List<PatientDataAccessed> stored = storedAccesses(other);
    assertThat(stored).singleElement().satisfies(denied -> {
      assertThat(denied.subject()).isEqualTo(patient);
      assertThat(denied.roles()).containsExactly("patient");
      assertThat(denied.outcome()).isEqualTo(AccessOutcome.DENIED);
      assertThat(denied.status()).isEqualTo(404);
      assertThat(denied.action()).isEqualTo(AccessAction.READ);
    });
  }

  @Test
  void roles_an_identity_provider_adds_are_left_out_and_an_e_mail_subject_is_recorded_as_a_pseudonym() {
    String token = Tokens.token("clinic-west", "ada@clinic.example", "clinician", "offline_access", "uma_authorization")
        .sign();
    given().auth().oauth2(token).contentType("application/json").body("{\"painAfter\": 2}")
        .post("/kit-probe/patients/{id}/sessions", patient).then().statusCode(201);

    assertThat(storedAccesses(patient)).singleElement().satisfies(created -> {
      assertThat(created.roles()).containsExactly("clinician");
      assertThat(created.subject()).matches("sub-[0-9a-f]{32}").isEqualTo(AccessAudit.recordable("ada@clinic.example"));
    });
  }

  @Test
  void an_invalid_request_is_recorded_as_refused_and_a_request_reaching_no_patient_records_nothing() {
    given().auth().oauth2(clinician).contentType("application/json").body("{\"painAfter\": 11}")
        .post("/kit-probe/patients/{id}/sessions", patient).then().statusCode(400);
    long before = accessCommits();
    given().auth().oauth2(clinician).get("/kit-probe/pages?page=1").then().statusCode(200);
    given().get("/kit-probe/patients/{id}/sessions", patient).then().statusCode(401);

    assertThat(accessCommits()).as("no patient reached, nobody authenticated: nothing to record").isEqualTo(before);
    // validation runs before the method: the patient was never reached, so nothing is recorded for the 400
    assertThat(storedAccesses(patient)).isEmpty();
  }

  @Test
  void records_of_many_requests_and_clinics_are_each_committed_once_in_their_own_clinic() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<CompletableFuture<Void>> written = new ArrayList<>();
    for (int request = 0; request < 300; request++) {
      Tenant clinic = Tenant.of(request % 2 == 0 ? "clinic-west" : "clinic-east");
      written.add(trail.record(clinic, List.of(access("many-" + run + "-" + request))).toCompletableFuture());
    }
    // one request showing more patients than one commit holds (a long clinic list)
    List<PatientDataAccessed> listed = new ArrayList<>();
    for (int i = 0; i < AccessAuditTrail.MAX_EVENTS_PER_COMMIT + 500; i++) {
      listed.add(access("list-" + run + "-" + i));
    }
    written.add(trail.record(Tenant.of("clinic-west"), listed).toCompletableFuture());
    CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

    Map<String, String> clinicOfPatient = new HashMap<>();
    for (Document commit : commits().find(Filters.regex("streamId", "^access-"))) {
      List<Document> events = commit.getList("events", Document.class);
      for (Document event : events) {
        String patientId = read(event.getString("payload")).patientId().value();
        if (patientId.contains(run)) {
          assertThat(events).hasSizeLessThanOrEqualTo(AccessAuditTrail.MAX_EVENTS_PER_COMMIT);
          assertThat(clinicOfPatient.put(patientId, commit.getString("tenant"))).as("%s stored once", patientId).isNull();
        }
      }
    }
    assertThat(clinicOfPatient).hasSize(300 + AccessAuditTrail.MAX_EVENTS_PER_COMMIT + 500);
    assertThat(clinicOfPatient).containsEntry("many-" + run + "-0", "clinic-west")
        .containsEntry("many-" + run + "-1", "clinic-east").containsEntry("list-" + run + "-0", "clinic-west");
  }

  private static PatientDataAccessed access(String patientId) {
    return new PatientDataAccessed(UUID.randomUUID(), PatientId.of(patientId), "dr-cho", List.of("clinician"),
        "progress-service", AccessAction.LIST, "GET /clinic/plans", AccessOutcome.SUCCESS, 200, Instant.now(),
        "corr-many", false);
  }

  private List<PatientDataAccessed> storedAccesses(String patientId) {
    List<PatientDataAccessed> found = new ArrayList<>();
    for (Document commit : commits().find(Filters.regex("streamId", "^access-"))) {
      for (Document event : commit.getList("events", Document.class)) {
        PatientDataAccessed accessed = read(event.getString("payload"));
        if (accessed.patientId().equals(PatientId.of(patientId))) {
          found.add(accessed);
        }
      }
    }
    found.sort(Comparator.comparing(PatientDataAccessed::accessedAt));
    return found;
  }

  private long accessCommits() {
    return commits().countDocuments(Filters.regex("streamId", "^access-"));
  }

  private MongoCollection<Document> commits() {
    return database.getCollection(EventStore.COLLECTION);
  }

  private static PatientDataAccessed read(String payload) {
    try {
      return CareJson.mapper().readValue(payload, PatientDataAccessed.class);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static EventEnvelope<CareEvent> decode(ConsumerRecord<String, byte[]> record) {
    try {
      return IncomingEvents.decode(record, null); // access records are readable without the patients' keys
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static List<ConsumerRecord<String, byte[]>> awaitAudit(String key, int count) {
    Map<String, Object> config = TestKafka.clientConfig(BrokerAccess.OPERATOR);
    config.put("group.id", "audit-probe-" + UUID.randomUUID());
    config.put("auto.offset.reset", "earliest");
    try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topic.AUDIT.topicName()));
      List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (key.equals(r.key())) {
            found.add(r);
          }
        });
        return found.size() >= count;
      });
      return found;
    }
  }
}
