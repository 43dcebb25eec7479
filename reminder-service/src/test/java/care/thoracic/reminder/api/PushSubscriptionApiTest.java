package care.thoracic.reminder.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.reminder.domain.FeedEntry;
import care.thoracic.reminder.domain.FeedEntryKind;
import care.thoracic.reminder.domain.FeedNotice;
import care.thoracic.reminder.domain.PushNotice;
import care.thoracic.reminder.store.PushDeliveries;
import care.thoracic.testkit.CareTestResource;
import care.thoracic.testkit.PushServiceStandIn;
import care.thoracic.testkit.PushServiceStandIn.Device;
import care.thoracic.testkit.RequiresTestInfra;
import care.thoracic.testkit.TestVapidKeys;
import care.thoracic.testkit.Tokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Registering devices for push and what reaches them, on the real (embedded) store with the
 * service's own push dispatcher and the stand-in push service.
 */
@QuarkusTest
@RequiresTestInfra
@WithTestResource(value = CareTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class PushSubscriptionApiTest {
  @Inject PushDeliveries deliveries;
  @Inject Clock clock;

  private final String clinic = "clinic-" + UUID.randomUUID().toString().substring(0, 8);
  private final PushServiceStandIn pushService;

  PushSubscriptionApiTest() throws IOException {
    pushService = PushServiceStandIn.start();
  }

  @AfterEach
  void stop() {
    pushService.close();
    assertThat(pushService.rejections()).as("pushes the stand-in push service refused").isEmpty();
  }

  private static io.restassured.response.ValidatableResponse put(String token, String patient, Object body) {
    return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
        .put("/patients/{id}/push-subscriptions", patient).then();
  }

  @Test
  void the_vapid_public_key_is_the_deployments_for_any_signed_in_caller() {
    for (String token : List.of(Tokens.patient(clinic, "pat-1"), Tokens.clinician(clinic, "dr-1"))) {
      given().auth().oauth2(token).get("/push/vapid-public-key").then().statusCode(200)
          .body("publicKey", equalTo(TestVapidKeys.publicKeyBase64url()));
    }
    given().get("/push/vapid-public-key").then().statusCode(401);
  }

  @Test
  void a_patient_registers_a_device_once_renews_its_keys_lists_it_without_keys_and_removes_it_idempotently() {
    String token = Tokens.patient(clinic, "pat-1");
    Device phone = pushService.device("phone");

    String id = put(token, "pat-1", phone.subscription()).statusCode(201)
        .body("endpoint", equalTo(phone.endpoint().toString())).body("createdAt", notNullValue())
        .extract().path("subscriptionId");
    Map<String, Object> renewed = new LinkedHashMap<>(pushService.device("phone").subscription());
    renewed.put("endpoint", phone.endpoint().toString()); // the same browser, new keys
    put(token, "pat-1", renewed).statusCode(200).body("subscriptionId", equalTo(id));

    given().auth().oauth2(token).get("/patients/pat-1/push-subscriptions").then().statusCode(200)
        .body("size()", equalTo(1)).body("[0].subscriptionId", equalTo(id))
        .body("[0].keys", equalTo(null)).body("[0].p256dh", equalTo(null));

    for (int i = 0; i < 2; i++) {
      given().auth().oauth2(token).queryParam("endpoint", phone.endpoint().toString())
          .delete("/patients/pat-1/push-subscriptions").then().statusCode(204);
    }
    given().auth().oauth2(token).get("/patients/pat-1/push-subscriptions").then().body("size()", equalTo(0));
    given().auth().oauth2(token).delete("/patients/pat-1/push-subscriptions").then().statusCode(400)
        .body("errors.field", hasItem("endpoint"));
  }

  @Test
  void invalid_subscriptions_are_400_naming_the_field_and_change_nothing() {
    String token = Tokens.patient(clinic, "pat-1");
    Device phone = pushService.device("phone");
    Map<String, Object> badKeys = new LinkedHashMap<>(phone.subscription());
    badKeys.put("keys", Map.of("p256dh", phone.p256dh().substring(0, 40), "auth", "c2hvcnQ"));
    put(token, "pat-1", badKeys).statusCode(400).contentType("application/problem+json")
        .body("errors.field", hasItem("keys.p256dh")).body("errors.field", hasItem("keys.auth"));
    Map<String, Object> platform = new LinkedHashMap<>(phone.subscription());
    platform.put("endpoint", "https://plan-service/q/metrics");
    put(token, "pat-1", platform).statusCode(400).body("errors.field", hasItem("endpoint"));
    Map<String, Object> unknown = new LinkedHashMap<>(phone.subscription());
    unknown.put("owner", "someone");
    put(token, "pat-1", unknown).statusCode(400);
    put(token, "pat-1", Map.of("endpoint", phone.endpoint().toString())).statusCode(400)
        .body("errors.field", hasItem("keys"));

    given().auth().oauth2(token).get("/patients/pat-1/push-subscriptions").then().body("size()", equalTo(0));
  }

  @Test
  void only_the_patient_registers_their_devices_and_at_most_ten() {
    Device phone = pushService.device("phone");
    put(Tokens.patient(clinic, "pat-2"), "pat-1", phone.subscription()).statusCode(404);
    given().auth().oauth2(Tokens.patient(clinic, "pat-2")).get("/patients/pat-1/push-subscriptions").then()
        .statusCode(404);
    put(Tokens.clinician(clinic, "dr-1"), "pat-1", phone.subscription()).statusCode(403);

    String token = Tokens.patient(clinic, "pat-1");
    for (int i = 0; i < 10; i++) {
      put(token, "pat-1", pushService.device("device-" + i).subscription()).statusCode(201);
    }
    put(token, "pat-1", phone.subscription()).statusCode(409).contentType("application/problem+json");
    given().auth().oauth2(token).get("/patients/pat-1/push-subscriptions").then().body("size()", equalTo(10));
  }

  @Test
  void a_feed_entry_enqueued_for_a_patient_with_two_devices_reaches_each_once() {
    String token = Tokens.patient(clinic, "pat-1");
    Device phone = pushService.device("phone");
    Device laptop = pushService.device("laptop");
    put(token, "pat-1", phone.subscription()).statusCode(201);
    put(token, "pat-1", laptop.subscription()).statusCode(201);
    UUID planId = UUID.randomUUID();
    FeedEntry entry = new FeedEntry(Tenant.of(clinic), PatientId.of("pat-1"), 3, new FeedNotice("event-1",
        FeedEntryKind.PLAN_SUSPENDED, clock.instant(), "Your plan is paused", "Your clinic paused your plan.", planId,
        Map.of(), new PushNotice("Your plan is paused: please open the app", "plan-1234", PushNotice.Urgency.HIGH,
            Duration.ofHours(24))));

    deliveries.enqueue(entry);
    deliveries.enqueue(entry);

    await().atMost(Duration.ofSeconds(10)).until(() -> pushService.delivered(phone).size() == 1
        && pushService.delivered(laptop).size() == 1);
    PushServiceStandIn.Received push = pushService.delivered(phone).getFirst();
    assertThat(push.json().path("title").asText()).isEqualTo("Your plan is paused: please open the app");
    assertThat(push.json().path("sequence").asLong()).isEqualTo(3);
    assertThat(push.json().path("catchUp").asText()).isEqualTo("/patients/pat-1/feed?after=2");
    assertThat(push.urgency()).isEqualTo("high");
    assertThat(push.json().path("tag").asText()).isEqualTo("plan-1234");
    assertThat(push.topic()).hasSize(32).doesNotContain("plan");
    assertThat(push.ttl()).isBetween(Duration.ofHours(24).toSeconds() - 60, Duration.ofHours(24).toSeconds());
    await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2))
        .until(() -> pushService.received().size() == 2);
  }
}
