package care.thoracic.reminder.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.Topic;
import care.thoracic.contracts.events.WebhookSecretSet;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.reminder.delivery.WebhookSigningSecrets;
import care.thoracic.reminder.store.WebhookSecretSettings;
import care.thoracic.testkit.CareTestResource;
import care.thoracic.testkit.RequiresTestInfra;
import care.thoracic.testkit.TestEvents;
import care.thoracic.testkit.Tokens;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
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
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.Test;

/**
 * A clinic admin sets and rotates the clinic's webhook secret: each change an event with who and why,
 * the secret sealed at rest and never answered back; webhooks are signed with it from then on.
 */
@QuarkusTest
@RequiresTestInfra
@WithTestResource(value = CareTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class WebhookSecretTest {
  private static final String FIRST = "first-secret-of-the-clinic-0123456789-abcdefgh";
  private static final String SECOND = "second-secret-after-rotation-9876543210-zyxwv";

  @Inject WebhookSigningSecrets signingSecrets;
  @Inject PatientPayloads payloads;
  @Inject MongoDatabase database;

  private static String webhookPreferences() {
    return "{\"channel\": \"WEBHOOK\", \"webhookUrl\": \"http://127.0.0.1:9/hook\"}";
  }

  @Test
  void an_admin_sets_and_rotates_the_secret_with_a_reason_and_it_is_never_shown_again() {
    String clinic = "clinic-" + UUID.randomUUID().toString().substring(0, 8);
    String admin = Tokens.clinicAdmin(clinic, "admin-1");
    String patient = Tokens.patient(clinic, "pat-1");
    given().auth().oauth2(admin).get("/clinic/settings/webhook-secret").then().statusCode(200)
        .body("set", equalTo(false));
    given().auth().oauth2(patient).contentType("application/json").body(webhookPreferences())
        .put("/patients/pat-1/reminder-preferences").then().statusCode(400).body("errors.field", hasItem("channel"));

    String set = given().auth().oauth2(admin).contentType("application/json")
        .body(Map.of("secret", FIRST, "reason", "Our receiver goes live.")).put("/clinic/settings/webhook-secret")
        .then().statusCode(200).body("set", equalTo(true)).body("source", equalTo("CLINIC"))
        .body("fingerprint", equalTo(WebhookSecretSettings.fingerprint(FIRST))).body("setBy", equalTo("admin-1"))
        .body("reason", equalTo("Our receiver goes live.")).extract().asString();
    assertThat(set).doesNotContain(FIRST);
    assertThat(signingSecrets.secretOf(Tenant.of(clinic))).contains(FIRST);
    given().auth().oauth2(patient).contentType("application/json").body(webhookPreferences())
        .put("/patients/pat-1/reminder-preferences").then().statusCode(200).body("channel", equalTo("WEBHOOK"));
    // the patient's webhook URL is sealed at rest with their key, and read back whole
    Document preferences = database.getCollection("reminder_preferences").find(Filters.eq("_id", clinic + "/pat-1"))
        .first();
    assertThat(preferences.getString("webhookUrl")).startsWith("sealed:v1:");
    assertThat(preferences.toJson()).doesNotContain("127.0.0.1:9");
    given().auth().oauth2(patient).get("/patients/pat-1/reminder-preferences").then().statusCode(200)
        .body("webhookUrl", equalTo("http://127.0.0.1:9/hook"));
    // preferences saved in the clear before sealing still read
    database.getCollection("reminder_preferences").updateOne(Filters.eq("_id", clinic + "/pat-1"),
        Updates.combine(Updates.set("webhookUrl", "http://127.0.0.1:9/old-hook"), Updates.set("timezone", "Asia/Tokyo")));
    given().auth().oauth2(patient).get("/patients/pat-1/reminder-preferences").then().statusCode(200)
        .body("webhookUrl", equalTo("http://127.0.0.1:9/old-hook")).body("timezone", equalTo("Asia/Tokyo"));

    given().auth().oauth2(Tokens.clinicAdmin(clinic, "admin-2")).contentType("application/json")
        .body(Map.of("secret", SECOND, "reason", "Yearly rotation.")).put("/clinic/settings/webhook-secret")
        .then().statusCode(200).body("fingerprint", equalTo(WebhookSecretSettings.fingerprint(SECOND)))
        .body("setBy", equalTo("admin-2")).body(not(containsString(SECOND)));
    assertThat(signingSecrets.secretOf(Tenant.of(clinic))).contains(SECOND);

    // the history, on care.clinic.v1 keyed by the clinic: who, when, why and which secret, never the secret
    List<WebhookSecretSet> history = await().atMost(Duration.ofSeconds(20)).until(() ->
        TestEvents.published(Topic.CLINIC, Tenant.of(clinic), payloads).stream()
            .map(e -> (WebhookSecretSet) e.event()).toList(), events -> events.size() == 2);
    assertThat(history).extracting(WebhookSecretSet::rotated).containsExactly(false, true);
    assertThat(history).extracting(WebhookSecretSet::reason).containsExactly("Our receiver goes live.", "Yearly rotation.");
    assertThat(TestEvents.readToEnd(Topic.CLINIC, Tenant.of(clinic))).allSatisfy(record -> {
      assertThat(record.key()).isEqualTo(clinic);
      assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain(FIRST, SECOND);
    });
    // at rest the secrets are sealed
    List<Document> stored = database.getCollection("clinic_webhook_secrets").find(Filters.eq("tenant", clinic))
        .into(new ArrayList<>());
    assertThat(stored).hasSize(2).allSatisfy(doc -> assertThat(new String(doc.get("sealed", Binary.class).getData(),
        StandardCharsets.ISO_8859_1)).doesNotContain(FIRST, SECOND));
  }

  @Test
  void a_bad_secret_or_no_reason_changes_nothing_and_only_a_clinic_admin_may_set_one() {
    String clinic = "clinic-" + UUID.randomUUID().toString().substring(0, 8);
    String admin = Tokens.clinicAdmin(clinic, "admin-1");
    for (String[] bad : List.of(
        new String[] {"{\"secret\": \"too-short\", \"reason\": \"x\"}", "secret"},
        new String[] {"{\"secret\": \"" + FIRST + " with spaces\", \"reason\": \"x\"}", "secret"},
        new String[] {"{\"secret\": \"" + "a".repeat(257) + "\", \"reason\": \"x\"}", "secret"},
        new String[] {"{\"secret\": \"" + FIRST + "\"}", "reason"},
        new String[] {"{\"secret\": \"" + FIRST + "\", \"reason\": \"   \"}", "reason"},
        new String[] {"{\"secret\": \"" + FIRST + "\", \"reason\": \"" + "r".repeat(501) + "\"}", "reason"},
        new String[] {"{\"secret\": \"" + FIRST + "\", \"reason\": \"x\", \"show\": true}", "show"},
        new String[] {"{\"reason\": \"x\"}", "secret"})) {
      given().auth().oauth2(admin).contentType("application/json").body(bad[0]).put("/clinic/settings/webhook-secret")
          .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(bad[1]));
    }
    for (String token : List.of(Tokens.clinician(clinic, "dr-1"), Tokens.patient(clinic, "pat-1"),
        Tokens.ops(clinic, "ops"))) {
      given().auth().oauth2(token).contentType("application/json")
          .body(Map.of("secret", FIRST, "reason", "x")).put("/clinic/settings/webhook-secret").then().statusCode(403);
      given().auth().oauth2(token).get("/clinic/settings/webhook-secret").then().statusCode(403);
    }
    given().auth().oauth2(admin).get("/clinic/settings/webhook-secret").then().statusCode(200).body("set", equalTo(false));
    // another clinic's secret signs nothing here
    given().auth().oauth2(Tokens.clinicAdmin("clinic-" + UUID.randomUUID().toString().substring(0, 8), "admin-9"))
        .contentType("application/json").body(Map.of("secret", FIRST, "reason", "Ours.")).put("/clinic/settings/webhook-secret")
        .then().statusCode(200);
    given().auth().oauth2(admin).get("/clinic/settings/webhook-secret").then().statusCode(200).body("set", equalTo(false));
  }

  @Test
  void a_secret_the_deployment_configures_still_signs_until_the_clinic_sets_its_own() {
    String admin = Tokens.clinicAdmin("clinic-deployed", "admin-1");
    String deployed = "deployed-secret-only-for-the-tests-0123456789";
    assertThat(signingSecrets.secretOf(Tenant.of("clinic-deployed"))).contains(deployed);
    given().auth().oauth2(admin).get("/clinic/settings/webhook-secret").then().statusCode(200)
        .body("set", equalTo(true)).body("source", equalTo("DEPLOYMENT"))
        .body("fingerprint", equalTo(WebhookSecretSettings.fingerprint(deployed)));
    given().auth().oauth2(admin).contentType("application/json")
        .body(Map.of("secret", FIRST, "reason", "Our own, not the operators'.")).put("/clinic/settings/webhook-secret")
        .then().statusCode(200).body("source", equalTo("CLINIC"));
    assertThat(signingSecrets.secretOf(Tenant.of("clinic-deployed"))).contains(FIRST);
    WebhookSecretSet recorded = await().atMost(Duration.ofSeconds(20)).until(() ->
        TestEvents.published(Topic.CLINIC, Tenant.of("clinic-deployed"), payloads).stream()
            .map(e -> (WebhookSecretSet) e.event()).toList(), events -> !events.isEmpty()).getLast();
    assertThat(recorded.rotated()).as("it replaced the deployment's").isTrue();
  }
}
