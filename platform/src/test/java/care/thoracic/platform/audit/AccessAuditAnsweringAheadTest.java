package care.thoracic.platform.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import care.thoracic.testkit.CareTestResource;
import care.thoracic.testkit.RequiresTestInfra;
import care.thoracic.testkit.Tokens;
import com.mongodb.client.MongoDatabase;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;

/**
 * A deployment that lets answers leave ahead of their records ({@code care.audit.answer-ahead}) loses
 * the records of at most that many answers: beyond the bound answers wait again, and are withheld
 * (503) when their records cannot be written.
 */
@QuarkusTest
@RequiresTestInfra
@TestProfile(AccessAuditAnsweringAheadTest.TwoAhead.class)
@WithTestResource(value = CareTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccessAuditAnsweringAheadTest {
  public static class TwoAhead implements QuarkusTestProfile {
    @Override
    public Set<Class<?>> getEnabledAlternatives() {
      return Set.of(ControllableAccessAuditTrail.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("care.audit.answer-ahead", "2", "care.audit.commit-timeout", "1s");
    }
  }

  private final String clinician = Tokens.clinician("clinic-west", "dr-cho");

  @Inject MongoDatabase database;

  @AfterEach
  void writeAgain() {
    ControllableAccessAuditTrail.mode = ControllableAccessAuditTrail.Mode.WRITE_LATE;
  }

  private String patientWithASession() {
    String patient = "pat-" + UUID.randomUUID().toString().substring(0, 8);
    given().auth().oauth2(clinician).contentType("application/json").body("{\"painAfter\": 4}")
        .post("/kit-probe/patients/{id}/sessions", patient).then().statusCode(201);
    return patient;
  }

  @Test
  @Order(1)
  void answers_leave_before_their_records_are_stored_and_the_records_follow() {
    String patient = patientWithASession(); // its CREATE waited for nothing either: 1 stored soon
    await().atMost(Duration.ofSeconds(5)).until(() -> AccessAuditUnavailableTest.storedAccessesOf(database, patient) == 1);

    ControllableAccessAuditTrail.release = new CountDownLatch(1);
    ControllableAccessAuditTrail.mode = ControllableAccessAuditTrail.Mode.WRITE_WHEN_RELEASED;
    given().auth().oauth2(clinician).get("/kit-probe/patients/{id}/sessions", patient).then().statusCode(200)
        .body("version", equalTo(1));
    assertThat(AccessAuditUnavailableTest.storedAccessesOf(database, patient))
        .as("answered while its record is held back").isEqualTo(1);
    ControllableAccessAuditTrail.release.countDown();
    await().atMost(Duration.ofSeconds(5)).until(() -> AccessAuditUnavailableTest.storedAccessesOf(database, patient) == 2);
  }

  @Test
  @Order(2)
  void records_that_fail_after_their_answers_left_keep_their_permits_until_the_store_writes_again() {
    String patient = patientWithASession();
    await().atMost(Duration.ofSeconds(5)).until(() -> AccessAuditUnavailableTest.storedAccessesOf(database, patient) == 1);
    ControllableAccessAuditTrail.mode = ControllableAccessAuditTrail.Mode.FAIL_LATE; // the store fails after taking
    for (int ahead = 1; ahead <= 2; ahead++) { // these two answers' records are the outage's loss
      given().auth().oauth2(clinician).get("/kit-probe/patients/{id}/sessions", patient).then().statusCode(200);
    }
    // no more answers ahead while the store fails: each waits for its own failing record (100 ms), so by
    // the second the two records answered ahead have failed too, and their permits must stay taken
    for (int during = 1; during <= 3; during++) {
      given().auth().oauth2(clinician).get("/kit-probe/patients/{id}/sessions", patient).then().statusCode(503);
    }

    ControllableAccessAuditTrail.mode = ControllableAccessAuditTrail.Mode.WRITE_LATE; // the store is back
    given().auth().oauth2(clinician).get("/kit-probe/patients/{id}/sessions", patient).then().statusCode(200);
    long stored = AccessAuditUnavailableTest.storedAccessesOf(database, patient);
    assertThat(stored).as("the CREATE and the read that waited for its record").isEqualTo(2);
    ControllableAccessAuditTrail.release = new CountDownLatch(1);
    ControllableAccessAuditTrail.mode = ControllableAccessAuditTrail.Mode.WRITE_WHEN_RELEASED;
    given().auth().oauth2(clinician).get("/kit-probe/patients/{id}/sessions", patient).then().statusCode(200);
    assertThat(AccessAuditUnavailableTest.storedAccessesOf(database, patient)).as("ahead again").isEqualTo(stored);
    ControllableAccessAuditTrail.release.countDown();
    await().atMost(Duration.ofSeconds(5))
        .until(() -> AccessAuditUnavailableTest.storedAccessesOf(database, patient) == stored + 1);
  }

  @Test
  @Order(3) // last: the records it leaves unwritten hold the bound's permits for good
  void beyond_the_bound_answers_wait_for_their_records_and_are_withheld_when_they_cannot_be_written() {
    String patient = patientWithASession();
    await().atMost(Duration.ofSeconds(5)).until(() -> AccessAuditUnavailableTest.storedAccessesOf(database, patient) == 1);
    ControllableAccessAuditTrail.mode = ControllableAccessAuditTrail.Mode.NEVER_ANSWER; // a store that hangs

    for (int ahead = 1; ahead <= 2; ahead++) { // the bound: two answers whose records may be lost
      given().auth().oauth2(clinician).get("/kit-probe/patients/{id}/sessions", patient).then().statusCode(200);
    }
    given().auth().oauth2(clinician).get("/kit-probe/patients/{id}/sessions", patient).then().statusCode(503)
        .body("type", equalTo("https://care.thoracic/problems/audit-unavailable"));
    given().auth().oauth2(clinician).get("/kit-probe/patients/{id}/sessions", patient).then().statusCode(503);
  }
}
