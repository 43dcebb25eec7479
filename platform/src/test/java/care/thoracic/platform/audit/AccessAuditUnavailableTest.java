package care.thoracic.platform.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.testkit.CareTestResource;
import care.thoracic.testkit.RequiresTestInfra;
import care.thoracic.testkit.Tokens;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a caller gets when the audit trail is slow, down or silent: never data whose access is unrecorded. */
@QuarkusTest
@RequiresTestInfra
@TestProfile(AccessAuditUnavailableTest.ControllableTrail.class)
@WithTestResource(value = CareTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AccessAuditUnavailableTest {
  public static class ControllableTrail implements QuarkusTestProfile {
    @Override
    public Set<Class<?>> getEnabledAlternatives() {
      return Set.of(ControllableAccessAuditTrail.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("care.audit.commit-timeout", "1s");
    }
  }

  private final String patient = "pat-" + UUID.randomUUID().toString().substring(0, 8);
  private final String clinician = Tokens.clinician("clinic-west", "dr-cho");

  @Inject MongoDatabase database;

  @AfterEach
  void writeAgain() {
    ControllableAccessAuditTrail.mode = ControllableAccessAuditTrail.Mode.WRITE_LATE;
  }

  @Test
  void a_slow_trail_delays_the_answer_until_the_access_is_stored() {
    logSession().then().statusCode(201);

    given().auth().oauth2(clinician).get("/kit-probe/patients/{id}/sessions", patient).then().statusCode(200);

    assertThat(storedAccessesOf(database, patient)).as("the CREATE and the READ, both stored when their answers came").isEqualTo(2);
  }

  @Test
  void a_read_whose_access_cannot_be_stored_is_503_and_shows_nothing() {
    logSession().then().statusCode(201);
    ControllableAccessAuditTrail.mode = ControllableAccessAuditTrail.Mode.REFUSE;

    given().auth().oauth2(clinician).header("X-Correlation-Id", "corr-" + patient)
        .get("/kit-probe/patients/{id}/sessions", patient).then().statusCode(503)
        .contentType("application/problem+json").header("Retry-After", "5")
        .header("X-Correlation-Id", "corr-" + patient).header("ETag", nullValue())
        .body("type", equalTo("https://care.thoracic/problems/audit-unavailable"))
        .body("correlationId", equalTo("corr-" + patient)).body("sessions", nullValue()).body("version", nullValue());
  }

  @Test
  void an_answer_with_data_from_a_post_that_changed_nothing_is_withheld_too() {
    logSession().then().statusCode(201);
    ControllableAccessAuditTrail.mode = ControllableAccessAuditTrail.Mode.REFUSE;

    given().auth().oauth2(clinician).post("/kit-probe/patients/{id}/lookups", patient).then().statusCode(503)
        .body("type", equalTo("https://care.thoracic/problems/audit-unavailable")).body("sessions", nullValue());
  }

  @Test
  void a_trail_that_never_answers_is_503_after_the_commit_timeout() {
    logSession().then().statusCode(201);
    ControllableAccessAuditTrail.mode = ControllableAccessAuditTrail.Mode.NEVER_ANSWER;

    given().auth().oauth2(clinician).get("/kit-probe/patients/{id}/sessions", patient).then().statusCode(503)
        .body("type", equalTo("https://care.thoracic/problems/audit-unavailable"));
  }

  @Test
  void a_change_already_made_keeps_its_answer_when_its_access_cannot_be_stored() {
    ControllableAccessAuditTrail.mode = ControllableAccessAuditTrail.Mode.REFUSE;

    logSession().then().statusCode(201).header("ETag", equalTo("\"1\""));

    ControllableAccessAuditTrail.mode = ControllableAccessAuditTrail.Mode.WRITE_LATE;
    given().auth().oauth2(clinician).get("/kit-probe/patients/{id}/sessions", patient).then().statusCode(200)
        .body("version", equalTo(1));
  }

  private io.restassured.response.Response logSession() {
    return given().auth().oauth2(clinician).contentType("application/json").body("{\"painAfter\": 4}")
        .post("/kit-probe/patients/{id}/sessions", patient);
  }

  /** The patient's access records in the store, as the outbox relay would publish them. */
  static long storedAccessesOf(MongoDatabase database, String patientId) {
    long found = 0;
    for (Document commit : database.getCollection(EventStore.COLLECTION).find(Filters.regex("streamId", "^access-"))) {
      found += commit.getList("events", Document.class).stream()
          .filter(event -> event.getString("payload").contains("\"patientId\":\"" + patientId + "\"")).count();
    }
    return found;
  }
}
