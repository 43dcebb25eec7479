package care.thoracic.reminder.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.Channel;
import care.thoracic.contracts.clinical.FlagCode;
import care.thoracic.contracts.clinical.FlagSource;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.PlanVariant;
import care.thoracic.contracts.clinical.ProgressOutcome;
import care.thoracic.contracts.clinical.Recommendation;
import care.thoracic.contracts.clinical.ReminderKind;
import care.thoracic.contracts.clinical.Severity;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.PlanStarted;
import care.thoracic.contracts.events.PlanSuspended;
import care.thoracic.contracts.events.ProgressAssessed;
import care.thoracic.contracts.events.RedFlagRaised;
import care.thoracic.contracts.events.ReminderSent;
import care.thoracic.eventsourcing.time.AdjustableClock;
import care.thoracic.testkit.CareTestResource;
import care.thoracic.testkit.RequiresTestInfra;
import care.thoracic.testkit.SseConnection;
import care.thoracic.testkit.TestEvents;
import care.thoracic.testkit.Tokens;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The patient feed on the real (embedded) broker and store: events arrive on their topics from their
 * producers, and the app reads the feed as pages and as a live stream.
 */
@QuarkusTest
@RequiresTestInfra
@WithTestResource(value = CareTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class PatientFeedServiceTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  /** A Tuesday at 10:30 in Berlin: the plan's first reminders are half an hour away, so none fires during a test. */
  private static final Instant TUESDAY_MORNING = LocalDate.of(2026, 12, 1).atTime(10, 30).atZone(BERLIN).toInstant();

  @TestHTTPResource("/")
  URI base;
  @Inject AdjustableClock clock;
  @Inject MongoDatabase database;
  private Duration before;

  @BeforeEach
  void tuesdayMorning() {
    before = clock.offset();
    clock.setOffset(Duration.between(Instant.now(), TUESDAY_MORNING));
  }

  @AfterEach
  void realTime() {
    clock.setOffset(before);
  }

  private static String newClinic() {
    return "clinic-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static <E extends CareEvent> EventEnvelope<E> publish(String clinic, String stream, long version, E event,
      String source) {
    EventEnvelope<E> envelope = TestEvents.envelope(Tenant.of(clinic), stream, version, event, Actor.service(source));
    TestEvents.publish(envelope, source);
    return envelope;
  }

  private static EventEnvelope<PlanStarted> planStarted(String clinic, UUID planId, String patient) {
    return publish(clinic, "plan-" + planId, 1, new PlanStarted(planId, PatientId.of(patient), UUID.randomUUID(),
        "thoracic-v1@2026.12", PlanVariant.STANDARD, Phase.ACUTE, LocalDate.of(2026, 11, 28), BERLIN, 6, null,
        LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 4)), "plan-service");
  }

  private static EventEnvelope<ReminderSent> reminderSent(String clinic, UUID reminderId, UUID planId, String patient) {
    Instant due = TUESDAY_MORNING.minusSeconds(60);
    return publish(clinic, "reminder-" + reminderId, 1, new ReminderSent(reminderId, planId, PatientId.of(patient),
        ReminderKind.BREATHING, Channel.INBOX, due, due.plusSeconds(1), 1), "reminder-service");
  }

  private static JsonPath page(String token, String patient, long after) {
    return given().auth().oauth2(token).queryParam("after", after).get("/patients/{id}/feed", patient).then()
        .statusCode(200).extract().jsonPath();
  }

  @Test
  void every_topic_the_app_cares_about_lands_in_one_feed_numbered_once_whatever_is_redelivered() {
    String clinic = newClinic();
    UUID planId = UUID.randomUUID();
    UUID reminderId = UUID.randomUUID();
    String patient = Tokens.patient(clinic, "pat-1");

    EventEnvelope<PlanStarted> started = planStarted(clinic, planId, "pat-1");
    reminderSent(clinic, reminderId, planId, "pat-1");
    reminderSent(clinic, reminderId, planId, "pat-1"); // the same reminder fired twice (a lease ran out)
    publish(clinic, "progress-" + planId, 1, new ProgressAssessed(UUID.randomUUID(), planId, PatientId.of("pat-1"),
        4, ProgressOutcome.IMPROVING, 6, 3.0, -3.0, -50.0, true, 0.9, List.of()), "progress-service");
    publish(clinic, "progress-" + planId, 2, new RedFlagRaised(UUID.randomUUID(), PatientId.of("pat-1"),
        FlagCode.WORSENING_PAIN, Severity.HIGH, Recommendation.CLINICIAN_REVIEW, FlagSource.PROGRESS, null, planId,
        List.of("7-day mean 8.0 > baseline 6 + 2")), "progress-service");
    publish(clinic, "plan-" + planId, 2, new PlanSuspended(planId, PatientId.of("pat-1"), null, null,
        "clinician: see note 14"), "plan-service");
    TestEvents.publish(started, "plan-service"); // redelivered

    await().atMost(Duration.ofSeconds(20)).until(() -> page(patient, "pat-1", 0).getInt("head") >= 5);
    JsonPath feed = page(patient, "pat-1", 0);
    assertThat(feed.getList("entries.sequence", Long.class)).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(feed.getList("entries.kind", String.class)).containsExactlyInAnyOrder("PLAN_STARTED", "REMINDER",
        "PROGRESS_ASSESSED", "FLAG_RAISED", "PLAN_SUSPENDED");
    List<String> planKinds = feed.getList("entries.kind", String.class).stream()
        .filter(kind -> kind.startsWith("PLAN_")).toList();
    assertThat(planKinds).containsExactly("PLAN_STARTED", "PLAN_SUSPENDED"); // one topic's order is kept
    assertThat(feed.getString("entries")).doesNotContain("WORSENING_PAIN", "baseline 6 + 2", "note 14");
    assertThat(feed.getBoolean("more")).isFalse();
    // at rest what each entry says is sealed with the patient's key; what it is found by is not
    List<String> said = feed.getList("entries.text", String.class);
    List<Document> stored = database.getCollection("patient_feed")
        .find(Filters.and(Filters.eq("tenant", clinic), Filters.eq("patientId", "pat-1"))).into(new ArrayList<>());
    assertThat(stored).hasSize(5).allSatisfy(doc -> {
      assertThat(doc.getString("text")).startsWith("sealed:v1:");
      assertThat(doc.toJson()).doesNotContain(said.toArray(String[]::new));
    });

    JsonPath tail = page(patient, "pat-1", 3);
    assertThat(tail.getList("entries.sequence", Long.class)).containsExactly(4L, 5L);
    // the clinic's staff read it too; another patient, another clinic's same patient id, and ops do not
    given().auth().oauth2(Tokens.clinician(clinic, "dr-1")).get("/patients/pat-1/feed").then().statusCode(200);
    given().auth().oauth2(Tokens.patient(clinic, "pat-2")).get("/patients/pat-1/feed").then().statusCode(404);
    assertThat(page(Tokens.patient(newClinic(), "pat-1"), "pat-1", 0).getList("entries")).isEmpty();
    given().auth().oauth2(Tokens.ops(clinic, "ops-1")).get("/patients/pat-1/feed").then().statusCode(403);
  }

  @Test
  void a_feed_number_the_api_does_not_accept_is_a_problem_naming_it() {
    String patient = Tokens.patient(newClinic(), "pat-3");
    for (String after : List.of("-1", "1e3", "0x10", "three", "99999999999999999999", "9007199254740992")) {
      given().auth().oauth2(patient).queryParam("after", after).get("/patients/pat-3/feed").then().statusCode(400)
          .contentType("application/problem+json").body("errors[0].field", org.hamcrest.Matchers.equalTo("after"));
    }
    given().auth().oauth2(patient).header("Last-Event-ID", "x").get("/patients/pat-3/feed/stream").then()
        .statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("Last-Event-ID"));
    given().auth().oauth2(patient).queryParam("limit", 501).get("/patients/pat-3/feed").then().statusCode(400);
  }

  @Test
  void a_live_feed_resumes_after_the_last_event_id_with_no_gap_and_no_duplicate() {
    String clinic = newClinic();
    UUID planId = UUID.randomUUID();
    String patient = Tokens.patient(clinic, "pat-4");
    planStarted(clinic, planId, "pat-4");
    reminderSent(clinic, UUID.randomUUID(), planId, "pat-4");
    URI stream = base.resolve("patients/pat-4/feed/stream");

    SseConnection first = SseConnection.open(stream, Map.of("Authorization", "Bearer " + patient));
    await().atMost(Duration.ofSeconds(20)).until(() -> first.ids().equals(List.of("1", "2")));
    assertThat(first.data().getFirst()).contains("\"sequence\":1");
    first.close(); // the phone goes into a tunnel

    reminderSent(clinic, UUID.randomUUID(), planId, "pat-4"); // 3, while nobody listens
    await().atMost(Duration.ofSeconds(20)).until(() -> page(patient, "pat-4", 0).getInt("head") == 3);
    SseConnection resumed = SseConnection.open(stream, Map.of("Authorization", "Bearer " + patient,
        "Last-Event-ID", "2"));
    await().atMost(Duration.ofSeconds(20)).until(() -> resumed.ids().equals(List.of("3")));
    publish(clinic, "plan-" + planId, 2, new PlanSuspended(planId, PatientId.of("pat-4"), null, null, "by hand"),
        "plan-service"); // 4, live
    await().atMost(Duration.ofSeconds(20)).until(() -> resumed.ids().equals(List.of("3", "4")));
    SseConnection fromAfter = SseConnection.open(URI.create(stream + "?after=3"),
        Map.of("Authorization", "Bearer " + patient));
    await().atMost(Duration.ofSeconds(20)).until(() -> fromAfter.ids().equals(List.of("4")));
    List.of(resumed, fromAfter).forEach(SseConnection::close);
  }

  @Test
  void a_ticket_opens_the_feed_once_without_a_header_for_its_caller_and_stream_only() {
    String clinic = newClinic();
    UUID planId = UUID.randomUUID();
    String patient = Tokens.patient(clinic, "pat-5");
    planStarted(clinic, planId, "pat-5");
    reminderSent(clinic, UUID.randomUUID(), planId, "pat-5");
    await().atMost(Duration.ofSeconds(20)).until(() -> page(patient, "pat-5", 0).getInt("head") == 2);

    JsonPath ticket = given().auth().oauth2(patient).post("/patients/pat-5/feed/tickets").then().statusCode(201)
        .header("Cache-Control", "no-store").extract().jsonPath();
    assertThat(ticket.getString("stream")).startsWith("/patients/pat-5/feed/stream?ticket=");
    SseConnection opened = SseConnection.open(base.resolve(ticket.getString("stream").substring(1) + "&after=1"),
        Map.of()); // no Authorization header, as an EventSource
    await().atMost(Duration.ofSeconds(20)).until(() -> opened.ids().equals(List.of("2")));
    opened.close();

    // used once: useless after; no ticket and no token: 401
    given().queryParam("ticket", ticket.getString("ticket")).get("/patients/pat-5/feed/stream").then()
        .statusCode(401).contentType("application/problem+json");
    given().get("/patients/pat-5/feed/stream").then().statusCode(401).contentType("application/problem+json");
    // for another stream, or presented with another clinic's token
    String forPat5 = given().auth().oauth2(patient).post("/patients/pat-5/feed/tickets").then().statusCode(201)
        .extract().path("ticket");
    given().queryParam("ticket", forPat5).get("/patients/pat-6/feed/stream").then().statusCode(401);
    String again = given().auth().oauth2(patient).post("/patients/pat-5/feed/tickets").then().statusCode(201)
        .extract().path("ticket");
    given().auth().oauth2(Tokens.patient(newClinic(), "pat-5")).queryParam("ticket", again)
        .get("/patients/pat-5/feed/stream").then().statusCode(401);
    // nobody gets a ticket for a feed they may not read
    given().auth().oauth2(Tokens.patient(clinic, "pat-6")).post("/patients/pat-5/feed/tickets").then().statusCode(404);
    given().auth().oauth2(Tokens.ops(clinic, "ops-1")).post("/patients/pat-5/feed/tickets").then().statusCode(403);
    given().auth().oauth2(Tokens.ops(clinic, "ops-1")).get("/patients/pat-5/feed/stream").then().statusCode(403);
    given().post("/patients/pat-5/feed/tickets").then().statusCode(401);
  }
}
