package care.thoracic.platform.probe;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import care.thoracic.eventsourcing.time.AdjustableClock;
import care.thoracic.testkit.CareTestResource;
import care.thoracic.testkit.ClockControl;
import care.thoracic.testkit.RequiresTestInfra;
import care.thoracic.testkit.Tokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@RequiresTestInfra
@WithTestResource(value = CareTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ClockAndServiceEndpointsTest {
  private final String ops = Tokens.ops("clinic-north", "op-1");

  @Inject Clock clock;
  @TestHTTPResource("/") URL base;
  /** Health and metrics: the management port's root (/q/), not the API's port. */
  @TestHTTPResource(value = "/", management = true) URL management;
  @Inject AdjustableClock adjustable;

  @AfterEach
  void resetClock() {
    adjustable.setOffset(Duration.ZERO);
  }

  @Test
  void an_operator_moves_the_service_clock_and_the_service_reads_its_time_from_it() {
    Instant before = clock.instant();
    given().auth().oauth2(ops).contentType("application/json").body("{\"offset\": \"P3D\"}").put("/admin/clock")
        .then().statusCode(200).body("offset", equalTo("PT72H")).body("adjustable", equalTo(true));
    assertThat(Duration.between(before, clock.instant())).isBetween(Duration.ofDays(3), Duration.ofDays(3).plusMinutes(1));
    given().auth().oauth2(ops).get("/admin/clock").then().statusCode(200).body("offset", equalTo("PT72H"));
  }

  @Test
  void the_testkit_clock_control_moves_a_running_service_through_its_admin_endpoint() throws Exception {
    Instant before = clock.instant();
    String answer = ClockControl.setOffset(base.toURI(), ops, Duration.ofDays(56));
    assertThat(answer).contains("\"offset\":\"PT1344H\"");
    assertThat(Duration.between(before, clock.instant())).isBetween(Duration.ofDays(56), Duration.ofDays(56).plusMinutes(1));
  }

  @Test
  void a_bad_offset_is_refused_by_name_and_only_operators_may_move_time() {
    given().auth().oauth2(ops).contentType("application/json").body("{\"offset\": \"three days\"}").put("/admin/clock")
        .then().statusCode(400).body("errors[0].field", equalTo("offset"));
    given().auth().oauth2(ops).contentType("application/json").body("{\"offset\": \"-P1D\"}").put("/admin/clock")
        .then().statusCode(400).body("errors[0].field", equalTo("offset"));
    given().auth().oauth2(Tokens.clinician("clinic-north", "dr-ada")).contentType("application/json")
        .body("{\"offset\": \"P1D\"}").put("/admin/clock").then().statusCode(403);
    assertThat(adjustable.offset()).isZero();
  }

  @Test
  void health_reports_the_store_the_broker_and_the_relay() {
    given().get(management + "health/ready").then().statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.find { it.name == 'outbox-relay' }.status", equalTo("UP"))
        .body(containsString("MongoDB connection health check"))
        .body(containsString("Kafka connection health check"));
    given().get(management + "health/live").then().statusCode(200);
  }

  @Test
  void metrics_on_the_management_port_and_openapi_on_the_api_are_served() {
    given().auth().oauth2(Tokens.clinician("clinic-north", "dr-ada")).contentType("application/json")
        .body("{\"painAfter\": 2}").post("/kit-probe/patients/{id}/sessions", "pat-metrics-" + System.nanoTime())
        .then().statusCode(201);
    given().get(management + "metrics").then().statusCode(200)
        .body(containsString("care_events_appended_total{type=\"care.session.logged.v1\"}"))
        .body(containsString("care_outbox_leader"))
        .body(containsString("care_outbox_publish_latency_seconds"));
    for (String management : new String[] {"/q/metrics", "/q/health", "/q/health/ready"}) {
      given().get(management).then().statusCode(404); // the port an ingress routes answers only the API
    }
    given().get("/q/openapi?format=json").then().statusCode(200)
        .body(containsString("/admin/clock"))
        .body(containsString("\"Problem\""));
  }
}
