package care.thoracic.plan.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import care.thoracic.contracts.clinical.Category;
import care.thoracic.contracts.clinical.Disposition;
import care.thoracic.plan.domain.CarePlan;
import care.thoracic.testkit.CareTestResource;
import care.thoracic.testkit.RequiresTestInfra;
import care.thoracic.testkit.SseConnection;
import care.thoracic.testkit.TestEvents;
import care.thoracic.testkit.TestTriages;
import care.thoracic.testkit.Tokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A mobile app following its plan: live events, a dropped connection, and a resume with Last-Event-ID. */
@QuarkusTest
@RequiresTestInfra
@WithTestResource(value = CareTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class PlanStreamTest {
  private static final ZoneId BERLIN = TestTriages.BERLIN;

  @TestHTTPResource("/")
  URI base;

  private SseConnection open(String token, UUID planId, String lastEventId) {
    Map<String, String> headers = new HashMap<>(Map.of("Authorization", "Bearer " + token));
    if (lastEventId != null) {
      headers.put("Last-Event-ID", lastEventId);
    }
    return SseConnection.open(base.resolve("plans/" + planId + "/stream"), headers);
  }

  /** As a browser's EventSource opens it: the path with the ticket, and no Authorization header. */
  private SseConnection openWithTicket(String stream) {
    return SseConnection.open(base.resolve(stream.substring(1)), Map.of());
  }

  private static void decide(String token, UUID planId, String action, long version) {
    given().auth().oauth2(token).contentType("application/json").header("If-Match", "\"" + version + "\"")
        .body("{\"reason\": \"" + action + " for the stream test\"}").post("/plans/{id}/" + action, planId).then()
        .statusCode(200);
  }

  @Test
  void a_subscriber_gets_each_event_once_in_order_and_resumes_after_the_last_it_saw() {
    String clinic = "clinic-" + UUID.randomUUID().toString().substring(0, 8);
    UUID triageId = UUID.randomUUID();
    TestEvents.publish(TestTriages.asPublished(clinic, TestTriages.completed(triageId, "pat-s", 5,
        LocalDate.now(BERLIN).minusDays(10), Category.STRUCTURAL, Disposition.MODIFIED_CARE)), "triage-service");
    UUID planId = CarePlan.planId(triageId);
    String clinician = Tokens.clinician(clinic, "dr-s");
    String patient = Tokens.patient(clinic, "pat-s");
    await().atMost(Duration.ofSeconds(20))
        .until(() -> given().auth().oauth2(clinician).get("/plans/{id}", planId).statusCode() == 200);

    SseConnection first = open(patient, planId, null);
    await().atMost(Duration.ofSeconds(10)).until(() -> first.ids().equals(List.of("1")));
    assertThat(first.lines()).contains("event:care.plan.awaiting-approval.v1");
    decide(clinician, planId, "approve", 1); // versions 2 and 3
    await().atMost(Duration.ofSeconds(10)).until(() -> first.ids().equals(List.of("1", "2", "3")));
    first.close(); // the phone goes into a tunnel

    decide(clinician, planId, "advance", 3); // 4, while nobody listens
    SseConnection resumed = open(patient, planId, "3");
    await().atMost(Duration.ofSeconds(10)).until(() -> resumed.ids().equals(List.of("4")));
    decide(clinician, planId, "hold", 4); // 5, live
    await().atMost(Duration.ofSeconds(10)).until(() -> resumed.ids().equals(List.of("4", "5")));
    assertThat(resumed.lines()).anyMatch(l -> l.startsWith("data:") && l.contains("\"toPhase\":\"MOBILITY\""));
    resumed.close();

    given().auth().oauth2(Tokens.patient(clinic, "pat-other")).get("/plans/{id}/stream", planId).then().statusCode(404);
    given().auth().oauth2(patient).header("Last-Event-ID", "three").get("/plans/{id}/stream", planId).then()
        .statusCode(400);
  }

  @Test
  void subscribers_of_one_plan_who_join_at_different_versions_each_get_exactly_what_follows_theirs() {
    String clinic = "clinic-" + UUID.randomUUID().toString().substring(0, 8);
    UUID triageId = UUID.randomUUID();
    TestEvents.publish(TestTriages.asPublished(clinic, TestTriages.completed(triageId, "pat-f", 5,
        LocalDate.now(BERLIN).minusDays(10), Category.MECHANICAL, Disposition.SELF_CARE)), "triage-service");
    UUID planId = CarePlan.planId(triageId);
    String clinician = Tokens.clinician(clinic, "dr-f");
    await().atMost(Duration.ofSeconds(20))
        .until(() -> given().auth().oauth2(clinician).get("/plans/{id}", planId).statusCode() == 200);

    SseConnection fromStart = open(clinician, planId, null);
    await().atMost(Duration.ofSeconds(10)).until(() -> fromStart.ids().equals(List.of("1")));
    decide(clinician, planId, "hold", 1);
    decide(clinician, planId, "hold", 2);
    SseConnection patientApp = open(Tokens.patient(clinic, "pat-f"), planId, "2"); // joins while holds go on
    for (long version = 3; version <= 7; version++) {
      decide(clinician, planId, "hold", version);
    }
    SseConnection colleague = open(Tokens.clinician(clinic, "dr-g"), planId, "8");
    await().atMost(Duration.ofSeconds(10)).until(() -> fromStart.ids().size() == 8 && patientApp.ids().size() == 6);
    decide(clinician, planId, "hold", 8);

    await().atMost(Duration.ofSeconds(10)).until(() -> colleague.ids().equals(List.of("9")));
    await().atMost(Duration.ofSeconds(10)).until(() -> fromStart.ids().size() == 9);
    assertThat(fromStart.ids()).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9");
    assertThat(patientApp.ids()).containsExactly("3", "4", "5", "6", "7", "8", "9");
    Stream.of(fromStart, patientApp, colleague).forEach(SseConnection::close);
  }

  @Test
  void a_stream_ends_when_its_token_expires_and_resumes_with_a_new_token_without_a_gap() {
    String clinic = "clinic-" + UUID.randomUUID().toString().substring(0, 8);
    UUID planId = aPlanAwaitingApproval(clinic, "pat-x");
    String clinician = Tokens.clinician(clinic, "dr-x");
    String shortLived = Tokens.token(clinic, "pat-x", "patient").lifetime(Duration.ofSeconds(5)).sign();

    SseConnection expiring = open(shortLived, planId, null);
    await().atMost(Duration.ofSeconds(10)).until(() -> expiring.ids().equals(List.of("1")));
    await().atMost(Duration.ofSeconds(15)).until(() -> expiring.ended());
    assertThat(expiring.lines()).contains("event:reauthenticate");
    decide(clinician, planId, "approve", 1); // versions 2 and 3, while the app gets a new token

    SseConnection renewed = open(Tokens.patient(clinic, "pat-x"), planId, expiring.ids().getLast());
    await().atMost(Duration.ofSeconds(10)).until(() -> renewed.ids().equals(List.of("2", "3")));
    renewed.close();
  }

  @Test
  void a_caller_holds_at_most_five_streams_at_once() throws Exception {
    String clinic = "clinic-" + UUID.randomUUID().toString().substring(0, 8);
    UUID planId = aPlanAwaitingApproval(clinic, "pat-y");
    String patient = Tokens.patient(clinic, "pat-y");
    List<SseConnection> open = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      SseConnection connection = open(patient, planId, null);
      await().atMost(Duration.ofSeconds(10)).until(() -> connection.ids().equals(List.of("1")));
      open.add(connection);
    }

    HttpResponse<String> sixth = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            base.resolve("plans/" + planId + "/stream")).header("Authorization", "Bearer " + patient).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(sixth.statusCode()).isEqualTo(429);
    assertThat(sixth.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("application/problem+json"));
    assertThat(sixth.headers().firstValue("Retry-After")).isPresent();

    open.removeFirst().close(); // one closed: another may open
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      HttpResponse<InputStream> another = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          base.resolve("plans/" + planId + "/stream")).header("Authorization", "Bearer " + patient).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      another.body().close();
      return another.statusCode() == 200;
    });
    open.forEach(SseConnection::close);
  }

  @Test
  void a_ticket_opens_its_plans_stream_once_without_a_token_and_nothing_else() throws Exception {
    String clinic = "clinic-" + UUID.randomUUID().toString().substring(0, 8);
    UUID planId = aPlanAwaitingApproval(clinic, "pat-t");
    String patient = Tokens.patient(clinic, "pat-t");

    var answer = given().auth().oauth2(patient).post("/plans/{id}/stream/tickets", planId).then().statusCode(201)
        .header("Cache-Control", "no-store").extract();
    String ticket = answer.path("ticket");
    String stream = answer.path("stream");
    assertThat(stream).isEqualTo("/plans/" + planId + "/stream?ticket=" + ticket);
    assertThat(Instant.parse(answer.path("expiresAt"))).isBetween(Instant.now(), Instant.now().plusSeconds(31));

    SseConnection browser = openWithTicket(stream);
    await().atMost(Duration.ofSeconds(10)).until(() -> browser.ids().equals(List.of("1")));
    decide(Tokens.clinician(clinic, "dr-t"), planId, "approve", 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> browser.ids().equals(List.of("1", "2", "3")));
    browser.close();
    // a new EventSource cannot send Last-Event-ID: a new ticket and after= resume it
    String again = given().auth().oauth2(patient).post("/plans/{id}/stream/tickets", planId).then().statusCode(201)
        .extract().path("stream");
    SseConnection resumed = openWithTicket(again + "&after=2");
    await().atMost(Duration.ofSeconds(10)).until(() -> resumed.ids().equals(List.of("3")));
    resumed.close();

    assertUnauthorized(send(stream, null), "the same ticket again");
    assertUnauthorized(send("/plans/" + planId + "/stream", null), "no ticket and no token");
    assertUnauthorized(send("/plans/" + planId + "/stream?ticket=", null), "an empty ticket");
    UUID otherPlan = aPlanAwaitingApproval(clinic, "pat-t2");
    String forA = given().auth().oauth2(patient).post("/plans/{id}/stream/tickets", planId).then().statusCode(201)
        .extract().path("ticket");
    assertUnauthorized(send("/plans/" + otherPlan + "/stream?ticket=" + forA, null), "plan A's ticket for plan B");
    assertUnauthorized(send("/plans/" + planId + "/stream?ticket=" + forA, null), "plan A's ticket once tried on B");

    given().auth().oauth2(Tokens.patient(clinic, "pat-other")).post("/plans/{id}/stream/tickets", planId).then()
        .statusCode(404).contentType("application/problem+json");
    given().post("/plans/{id}/stream/tickets", planId).then().statusCode(401).contentType("application/problem+json");
    given().auth().oauth2(Tokens.ops(clinic, "ops-1")).post("/plans/{id}/stream/tickets", planId).then()
        .statusCode(403).contentType("application/problem+json");
    assertThat(send("/plans/" + planId + "/stream", Tokens.ops(clinic, "ops-1")).statusCode()).isEqualTo(403);
    assertUnauthorized(send("/plans/" + planId + "/stream", Tokens.token(clinic, "pat-t", "patient").expired().sign()),
        "an expired token");
  }

  @Test
  void a_ticket_opens_only_its_own_clinics_plan() throws Exception {
    String clinicX = "clinic-" + UUID.randomUUID().toString().substring(0, 8);
    String clinicY = "clinic-" + UUID.randomUUID().toString().substring(0, 8);
    UUID triageId = UUID.randomUUID(); // the same plan id in both clinics
    for (String clinic : List.of(clinicX, clinicY)) {
      TestEvents.publish(TestTriages.asPublished(clinic, TestTriages.completed(triageId, "pat-" + clinic, 5,
          LocalDate.now(BERLIN).minusDays(10), Category.STRUCTURAL, Disposition.MODIFIED_CARE)), "triage-service");
    }
    UUID planId = CarePlan.planId(triageId);
    for (String clinic : List.of(clinicX, clinicY)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(Tokens.clinician(clinic, "dr"))
          .get("/plans/{id}", planId).statusCode() == 200);
    }
    String ticketPath = given().auth().oauth2(Tokens.patient(clinicX, "pat-" + clinicX))
        .post("/plans/{id}/stream/tickets", planId).then().statusCode(201).extract().path("stream");

    assertUnauthorized(send(ticketPath, Tokens.clinician(clinicY, "dr-y")), "clinic X's ticket with clinic Y's token");
    String another = given().auth().oauth2(Tokens.patient(clinicX, "pat-" + clinicX))
        .post("/plans/{id}/stream/tickets", planId).then().statusCode(201).extract().path("stream");
    SseConnection inX = openWithTicket(another);
    await().atMost(Duration.ofSeconds(10)).until(() -> inX.ids().equals(List.of("1")));
    assertThat(inX.lines()).anyMatch(l -> l.startsWith("data:") && l.contains("pat-" + clinicX))
        .noneMatch(l -> l.contains("pat-" + clinicY));
    inX.close();
  }

  private HttpResponse<String> send(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path.substring(1)))
        .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertUnauthorized(HttpResponse<String> answer, String what) {
    assertThat(answer.statusCode()).as(what + ": " + answer.body()).isEqualTo(401);
    assertThat(answer.headers().firstValue("Content-Type")).as(what).hasValueSatisfying(type ->
        assertThat(type).startsWith("application/problem+json"));
  }

  private static UUID aPlanAwaitingApproval(String clinic, String patient) {
    UUID triageId = UUID.randomUUID();
    TestEvents.publish(TestTriages.asPublished(clinic, TestTriages.completed(triageId, patient, 5,
        LocalDate.now(BERLIN).minusDays(10), Category.STRUCTURAL, Disposition.MODIFIED_CARE)), "triage-service");
    UUID planId = CarePlan.planId(triageId);
    String clinician = Tokens.clinician(clinic, "dr-any");
    await().atMost(Duration.ofSeconds(20))
        .until(() -> given().auth().oauth2(clinician).get("/plans/{id}", planId).statusCode() == 200);
    return planId;
  }
}
