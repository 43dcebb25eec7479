package care.thoracic.platform.probe;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import care.thoracic.testkit.CareTestResource;
import care.thoracic.testkit.RequiresTestInfra;
import care.thoracic.testkit.Tokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@RequiresTestInfra
@WithTestResource(value = CareTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AuthAndTenancyTest {
  private final String patient = "pat-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void thePatientHasLoggedASessionAtClinicNorth() {
    given().auth().oauth2(Tokens.patient("clinic-north", patient)).contentType("application/json")
        .body("{\"painAfter\": 4}").post("/kit-probe/patients/{id}/sessions", patient).then().statusCode(201);
  }

  @Test
  void the_patient_and_the_clinics_clinicians_see_it() {
    read(Tokens.patient("clinic-north", patient)).statusCode(200).body("sessions", equalTo(1));
    read(Tokens.clinician("clinic-north", "dr-ada")).statusCode(200).body("sessions", equalTo(1));
  }

  @Test
  void no_token_or_a_bad_token_is_401() {
    problem(given(), 401);
    problem(given().auth().oauth2("not-a-jwt"), 401);
    problem(given().auth().oauth2(Tokens.token("clinic-north", patient, "patient").expired().sign()), 401);
    problem(given().auth().oauth2(Tokens.token("clinic-north", patient, "patient").signedByAStranger().sign()), 401);
    problem(given().auth().oauth2(Tokens.token("clinic-north", patient, "patient").issuer("https://evil.example").sign()), 401);
    problem(given().auth().oauth2(Tokens.token("clinic-north", patient, "patient").withoutClinic().sign()), 401);
  }

  @Test
  void a_token_without_a_clinic_is_refused_before_the_body_is_validated() {
    given().auth().oauth2(Tokens.token("clinic-north", patient, "patient").withoutClinic().sign())
        .contentType("application/json").body("{\"painAfter\": 40}")
        .post("/kit-probe/patients/{id}/sessions", patient).then()
        .statusCode(401).contentType("application/problem+json");
  }

  @Test
  void a_role_without_access_is_403() {
    problem(given().auth().oauth2(Tokens.ops("clinic-north", "op-1")), 403);
  }

  @Test
  void another_patient_of_the_same_clinic_gets_404_not_403() {
    problem(given().auth().oauth2(Tokens.patient("clinic-north", "pat-nosy")), 404);
  }

  @Test
  void a_clinician_of_another_clinic_gets_404_and_cannot_write_either() {
    problem(given().auth().oauth2(Tokens.clinician("clinic-south", "dr-bob")), 404);
    given().auth().oauth2(Tokens.clinician("clinic-south", "dr-bob")).contentType("application/json")
        .body("{\"painAfter\": 9}").post("/kit-probe/patients/{id}/sessions", patient).then()
        .statusCode(201).body("version", equalTo(1)); // a separate stream in clinic-south
    read(Tokens.clinician("clinic-north", "dr-ada")).statusCode(200).body("sessions", equalTo(1));
  }

  @Test
  void a_token_is_verified_once_and_then_served_from_the_cache_while_bad_tokens_never_are() {
    String token = Tokens.clinician("clinic-north", "dr-cache-" + UUID.randomUUID());
    double hitsBefore = tokenCache("hit");
    double missesBefore = tokenCache("miss");
    for (int i = 0; i < 3; i++) {
      read(token).statusCode(200);
    }
    assertThat(tokenCache("miss") - missesBefore).isEqualTo(1);
    assertThat(tokenCache("hit") - hitsBefore).isEqualTo(2);
    String stranger = Tokens.token("clinic-north", patient, "patient").signedByAStranger().sign();
    problem(given().auth().oauth2(stranger), 401);
    problem(given().auth().oauth2(stranger), 401);
  }

  private static double tokenCache(String result) {
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    return metrics.lines().filter(l -> l.startsWith("care_auth_verified_tokens_total{cache=\"" + result + "\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  private io.restassured.response.ValidatableResponse read(String token) {
    return given().auth().oauth2(token).get("/kit-probe/patients/{id}/sessions", patient).then();
  }

  private void problem(RequestSpecification request, int status) {
    request.get("/kit-probe/patients/{id}/sessions", patient).then()
        .statusCode(status).contentType("application/problem+json").body("status", equalTo(status));
  }
}
