package care.thoracic.plan.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import care.thoracic.contracts.clinical.Category;
import care.thoracic.contracts.clinical.Disposition;
import care.thoracic.testkit.CareTestResource;
import care.thoracic.testkit.RequiresTestInfra;
import care.thoracic.testkit.TestEvents;
import care.thoracic.testkit.TestTriages;
import care.thoracic.testkit.Tokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A clinic admin erases a patient: their data key is destroyed, plan-service forgets them, and answers 410. */
@QuarkusTest
@RequiresTestInfra
@WithTestResource(value = CareTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ErasureTest {
  private final String clinic = "clinic-" + UUID.randomUUID().toString().substring(0, 8);
  private final String admin = Tokens.clinicAdmin(clinic, "admin-1");
  private final String clinician = Tokens.clinician(clinic, "dr-erasure");

  private String patientWithPlan() {
    String patient = "pat-" + UUID.randomUUID().toString().substring(0, 6);
    TestEvents.publish(TestTriages.asPublished(clinic, TestTriages.completed(UUID.randomUUID(), patient, 5,
        LocalDate.now(TestTriages.BERLIN).minusDays(10), Category.MECHANICAL, Disposition.SELF_CARE)), "triage-service");
    await().atMost(Duration.ofSeconds(20)).until(() ->
        given().auth().oauth2(clinician).get("/patients/{id}/plan", patient).statusCode() == 200);
    return patient;
  }

  private List<String> patientsListed() {
    return given().auth().oauth2(clinician).get("/clinic/plans?size=100").then().statusCode(200).extract()
        .jsonPath().getList("items.patientId");
  }

  @Test
  void an_erased_patient_is_answered_410_everywhere_is_forgotten_by_the_views_and_the_erasure_is_on_record() {
    String erased = patientWithPlan();
    String kept = patientWithPlan();
    String planId = given().auth().oauth2(clinician).get("/patients/{id}/plan", erased).then().extract()
        .path("planId");
    assertThat(patientsListed()).contains(erased, kept);

    given().auth().oauth2(admin).contentType("application/json").body("{\"ground\": \"CONSENT_WITHDRAWN\"}")
        .post("/patients/{id}/erasure", erased).then().statusCode(200).body("patientId", equalTo(erased))
        .body("ground", equalTo("CONSENT_WITHDRAWN")).body("erasedBy", equalTo("admin-1"));
    String erasedAt = given().auth().oauth2(admin).get("/patients/{id}/erasure", erased).then().statusCode(200)
        .extract().path("erasedAt");
    // a repeat answers the first erasure
    given().auth().oauth2(admin).contentType("application/json").body("{\"ground\": \"LEGAL_OBLIGATION\"}")
        .post("/patients/{id}/erasure", erased).then().statusCode(200)
        .body("ground", equalTo("CONSENT_WITHDRAWN")).body("erasedAt", equalTo(erasedAt));

    for (String token : List.of(clinician, admin, Tokens.patient(clinic, erased))) {
      given().auth().oauth2(token).get("/patients/{id}/plan", erased).then().statusCode(410)
          .contentType("application/problem+json").body("type", containsString("patient-erased"));
    }
    given().auth().oauth2(clinician).get("/plans/{id}", planId).then().statusCode(410);
    given().auth().oauth2(clinician).contentType("application/json").body("{\"reason\": \"flare settled\"}")
        .header("If-Match", "\"1\"").post("/plans/{id}/resume", planId).then().statusCode(410);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(patientsListed()).doesNotContain(erased)
        .contains(kept));
    given().auth().oauth2(clinician).get("/patients/{id}/plan", kept).then().statusCode(200);
    // who saw the record outlives the erasure; the erasure itself is one of the accesses
    await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(admin)
        .get("/patients/{id}/access-log?size=200", erased).then().statusCode(200).extract().jsonPath()
        .<Map<String, Object>>getList("items").stream()
        .anyMatch(item -> "POST /patients/{patientId}/erasure".equals(item.get("resource"))));
  }

  @Test
  void only_a_clinic_admin_erases_with_a_ground_from_the_list_and_only_in_their_own_clinic() {
    String patient = patientWithPlan();
    for (String token : List.of(clinician, Tokens.patient(clinic, patient), Tokens.ops(clinic, "ops"))) {
      given().auth().oauth2(token).contentType("application/json").body("{\"ground\": \"OBJECTION\"}")
          .post("/patients/{id}/erasure", patient).then().statusCode(403);
    }
    given().auth().oauth2(admin).contentType("application/json").body("{}")
        .post("/patients/{id}/erasure", patient).then().statusCode(400).body("errors[0].field", containsString("ground"));
    given().auth().oauth2(admin).contentType("application/json").body("{\"ground\": \"she asked on the phone\"}")
        .post("/patients/{id}/erasure", patient).then().statusCode(400).body("errors[0].field", containsString("ground"));
    given().auth().oauth2(admin).get("/patients/{id}/erasure", patient).then().statusCode(404);

    // another clinic's admin erases their own patient of that id: ours is untouched
    String otherClinic = "clinic-" + UUID.randomUUID().toString().substring(0, 8);
    given().auth().oauth2(Tokens.clinicAdmin(otherClinic, "admin-2")).contentType("application/json")
        .body("{\"ground\": \"OBJECTION\"}").post("/patients/{id}/erasure", patient).then().statusCode(200);
    given().auth().oauth2(clinician).get("/patients/{id}/plan", patient).then().statusCode(200);
    given().auth().oauth2(admin).get("/patients/{id}/erasure", patient).then().statusCode(404);
  }
}
