package care.thoracic.platform.probe;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;

import care.thoracic.testkit.CareTestResource;
import care.thoracic.testkit.KeycloakTestResource;
import care.thoracic.testkit.RequiresTestInfra;
import care.thoracic.testkit.TestKeycloak;
import care.thoracic.testkit.Tokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * People log in at the clinic's identity provider: a real Keycloak with the committed realm
 * ({@code deploy/keycloak/care-realm.json}: North and South clinics, a clinician, an admin and
 * patients in each). Its tokens are verified by its published keys (JWKS); the clinic and the role
 * come from the realm, and the platform's own test tokens still work beside them.
 */
@QuarkusTest
@RequiresTestInfra
@WithTestResource(value = CareTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = KeycloakTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ClinicIdentityProviderTest {
  private static final String SESSIONS = "/kit-probe/patients/{id}/sessions";

  @Test
  void a_patient_logged_in_at_keycloak_logs_a_session_their_clinics_clinician_sees_and_no_other_clinic_does() {
    TestKeycloak keycloak = TestKeycloak.get();
    String ada = keycloak.accessToken("pat-ada");
    given().auth().oauth2(ada).contentType("application/json").body("{\"painAfter\": 3}")
        .post(SESSIONS, "pat-ada").then().statusCode(201);

    given().auth().oauth2(ada).get(SESSIONS, "pat-ada").then().statusCode(200).body("sessions", equalTo(1));
    given().auth().oauth2(keycloak.accessToken("dr-north")).get(SESSIONS, "pat-ada").then().statusCode(200)
        .body("sessions", equalTo(1));
    // the platform's own tokens still work beside the provider's
    given().auth().oauth2(Tokens.clinician("north-clinic", "dr-dev")).get(SESSIONS, "pat-ada").then()
        .statusCode(200);

    // South Clinic's clinician and patient, and North's other patient: to them Ada does not exist
    for (String other : new String[] {"dr-south", "pat-cleo", "pat-ben"}) {
      given().auth().oauth2(keycloak.accessToken(other)).get(SESSIONS, "pat-ada").then().statusCode(404)
          .contentType("application/problem+json");
    }
    // the platform operator's role grants no patient's data
    given().auth().oauth2(keycloak.accessToken("ops-1")).get(SESSIONS, "pat-ada").then().statusCode(403);
  }

  @Test
  void a_provider_token_with_its_clinic_changed_or_its_issuer_claimed_by_another_key_is_refused() {
    TestKeycloak keycloak = TestKeycloak.get();
    String[] parts = keycloak.accessToken("dr-south").split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
        .replace("\"south-clinic\"", "\"north-clinic\"");
    String moved = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    refused(moved);
    // signed with the test kit's key (trusted for the platform's own issuer), claiming the provider's
    refused(Tokens.token("north-clinic", "dr-forger", "clinician").issuer(keycloak.issuer()).sign());
    // unsigned, claiming the provider: no algorithm "none" is taken
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    refused(base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + base64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".");
    // a payload nested too deep to read for its issuer: refused, never a 500
    refused(parts[0] + "." + base64.encodeToString("[".repeat(5_000).getBytes(StandardCharsets.UTF_8)) + "."
        + parts[2]);
    // the provider's keys do not make its master realm (another issuer) trusted
    refused(Tokens.token("north-clinic", "dr-forger", "clinician").issuer(keycloak.issuer().replace("/care",
        "/master")).signedByAStranger().sign());
  }

  @Test
  void a_token_the_realm_issued_to_another_of_its_clients_grants_nothing() {
    // Keycloak's own admin-cli client of the care realm: a genuine token of a real clinician, but the
    // clinic and groups mappers sit on the platform's clients only, so it names no clinic and no role
    String elsewhere = TestKeycloak.get().accessToken("dr-north", "admin-cli");
    given().auth().oauth2(elsewhere).get(SESSIONS, "pat-ada").then()
        .statusCode(anyOf(equalTo(401), equalTo(403)))
        .contentType("application/problem+json");
  }

  private static void refused(String token) {
    given().auth().oauth2(token).get(SESSIONS, "pat-ada").then().statusCode(401)
        .contentType("application/problem+json");
  }
}
