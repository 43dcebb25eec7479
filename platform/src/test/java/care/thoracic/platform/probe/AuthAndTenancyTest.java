package care.thoracic.platform.probe;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import care.thoracic.testkit.CareTestResource;
import care.thoracic.testkit.RequiresTestInfra;
import care.thoracic.testkit.Tokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@RequiresTestInfra
@WithTestResource(value = CareTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AuthAndTenancyTest {
  /** The management port's root (/q/): health and metrics. */
  @TestHTTPResource(value = "/", management = true) URL management;
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
  void a_validly_signed_but_malformed_token_is_401_never_a_500() {
    problem(given().auth().oauth2(token().clinicClaim(List.of("clinic-north", "clinic-south")).sign()), 401);
    problem(given().auth().oauth2(token().clinicClaim(42).sign()), 401);
    problem(given().auth().oauth2(token().clinicClaim(Map.of("id", "clinic-north")).sign()), 401);
    problem(given().auth().oauth2(token().withoutSubject().sign()), 401);
  }

  @Test
  void a_token_issued_in_the_future_beyond_the_skew_is_refused_and_within_it_accepted() {
    problem(given().auth().oauth2(token().issuedAt(Instant.now().plus(Duration.ofMinutes(5))).sign()), 401);
    read(token().issuedAt(Instant.now().plus(Duration.ofSeconds(30))).sign()).statusCode(200);
  }

  @Test
  void a_token_living_longer_than_the_maximum_is_refused() {
    problem(given().auth().oauth2(token().lifetime(Duration.ofHours(12).plusMinutes(1)).sign()), 401);
    read(token().lifetime(Duration.ofHours(12)).sign()).statusCode(200);
  }

  @Test
  void a_token_expired_within_the_skew_is_accepted_and_beyond_it_refused() {
    Instant issued = Instant.now().minus(Duration.ofMinutes(10));
    read(token().issuedAt(issued).lifetime(Duration.ofMinutes(10).minusSeconds(30)).sign()).statusCode(200);
    problem(given().auth().oauth2(token().issuedAt(issued).lifetime(Duration.ofMinutes(8)).sign()), 401);
  }

  @Test
  void a_token_without_a_clinic_is_refused_before_the_body_is_validated() {
    given().auth().oauth2(Tokens.token("clinic-north", patient, "patient").withoutClinic().sign())
        .contentType("application/json").body("{\"painAfter\": 40}")
        .post("/kit-probe/patients/{id}/sessions", patient).then()
        .statusCode(401).contentType("application/problem+json");
  }

  private Tokens.Builder token() {
    return Tokens.token("clinic-north", patient, "patient");
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

  private double tokenCache(String result) {
    String metrics = given().get(management + "metrics").then().statusCode(200).extract().asString();
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
