package care.thoracic.plan.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.Category;
import care.thoracic.contracts.clinical.Disposition;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.ProtocolPinned;
import care.thoracic.contracts.events.Topic;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.testkit.CareTestResource;
import care.thoracic.testkit.RequiresTestInfra;
import care.thoracic.testkit.TestEvents;
import care.thoracic.testkit.TestTriages;
import care.thoracic.testkit.Tokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A clinic admin pins the protocol version new plans get; running plans keep theirs; each choice is an event. */
@QuarkusTest
@RequiresTestInfra
@WithTestResource(value = CareTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ProtocolSettingTest {
  private final String clinic = "clinic-" + UUID.randomUUID().toString().substring(0, 8);
  private final String admin = Tokens.clinicAdmin(clinic, "admin-1");
  private final String clinician = Tokens.clinician(clinic, "dr-1");

  @Inject PatientPayloads payloads;

  private String protocolOfNewPlan() {
    String patient = "pat-" + UUID.randomUUID().toString().substring(0, 6);
    TestEvents.publish(TestTriages.asPublished(clinic, TestTriages.completed(UUID.randomUUID(), patient, 5,
        LocalDate.now(TestTriages.BERLIN).minusDays(10), Category.MECHANICAL, Disposition.SELF_CARE)), "triage-service");
    return await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(clinician)
        .get("/patients/{id}/plan", patient).then().extract().<String>path("protocolVersion"), v -> v != null);
  }

  @Test
  void new_plans_pin_the_version_the_clinic_chose_and_follow_the_current_one_again_when_it_chooses_none() {
    var setting = given().auth().oauth2(clinician).get("/clinic/settings/protocol").then().statusCode(200)
        .body("pinned", nullValue()).extract().jsonPath();
    String current = setting.getString("current");
    List<String> available = setting.getList("available");
    assertThat(available).hasSizeGreaterThan(1).endsWith(current);
    assertThat(setting.getString("inForce")).isEqualTo(current);
    String older = available.getFirst();

    given().auth().oauth2(admin).contentType("application/json")
        .body(Map.of("version", older, "reason", "Stay on the first revision until our review."))
        .put("/clinic/settings/protocol").then().statusCode(200).body("inForce", equalTo(older))
        .body("pinned", equalTo(older)).body("setBy", equalTo("admin-1"));
    assertThat(protocolOfNewPlan()).isEqualTo(older);

    given().auth().oauth2(admin).contentType("application/json").body("{\"version\": null, \"reason\": \"Reviewed.\"}")
        .put("/clinic/settings/protocol").then().statusCode(200).body("inForce", equalTo(current))
        .body("pinned", nullValue());
    assertThat(protocolOfNewPlan()).isEqualTo(current);

    List<ProtocolPinned> history = await().atMost(Duration.ofSeconds(20)).until(() ->
        TestEvents.published(Topic.CLINIC, Tenant.of(clinic), payloads).stream().map(EventEnvelope::event)
            .map(ProtocolPinned.class::cast).toList(), events -> events.size() == 2);
    assertThat(history).containsExactly(new ProtocolPinned(older, "Stay on the first revision until our review."),
        new ProtocolPinned(null, "Reviewed."));
  }

  @Test
  void an_unknown_version_or_no_reason_changes_nothing_and_only_an_admin_chooses() {
    for (String[] bad : List.of(
        new String[] {"{\"version\": \"thoracic-v9@2030.01\", \"reason\": \"x\"}", "version"},
        new String[] {"{\"version\": \"" + "v".repeat(101) + "\", \"reason\": \"x\"}", "version"},
        new String[] {"{\"reason\": \"  \"}", "reason"},
        new String[] {"{}", "reason"},
        new String[] {"{\"reason\": \"x\", \"force\": true}", "force"})) {
      given().auth().oauth2(admin).contentType("application/json").body(bad[0]).put("/clinic/settings/protocol")
          .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(bad[1]));
    }
    given().auth().oauth2(clinician).contentType("application/json").body("{\"reason\": \"x\"}")
        .put("/clinic/settings/protocol").then().statusCode(403);
    given().auth().oauth2(Tokens.patient(clinic, "pat-1")).get("/clinic/settings/protocol").then().statusCode(403);
    given().auth().oauth2(admin).get("/clinic/settings/protocol").then().statusCode(200).body("pinned", nullValue())
        .body("setBy", nullValue());
    List<EventEnvelope<CareEvent>> recorded = TestEvents.published(Topic.CLINIC, Tenant.of(clinic), payloads);
    assertThat(recorded).isEmpty();
  }
}
