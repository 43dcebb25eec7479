package care.thoracic.reminder.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.Channel;
import care.thoracic.contracts.clinical.ExerciseLog;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.PlanVariant;
import care.thoracic.contracts.clinical.WorkPattern;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.DefaultQuietHoursSet;
import care.thoracic.contracts.events.PlanResumed;
import care.thoracic.contracts.events.PlanStarted;
import care.thoracic.contracts.events.PlanSuspended;
import care.thoracic.contracts.events.ReminderSent;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.contracts.events.Topic;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.eventsourcing.time.AdjustableClock;
import care.thoracic.testkit.CareTestResource;
import care.thoracic.testkit.RequiresTestInfra;
import care.thoracic.testkit.TestEvents;
import care.thoracic.testkit.Tokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * reminder-service on the real (embedded) broker and store: plans and sessions arrive as
 * plan-service and progress-service publish them, and the stored schedule is read as the app reads it.
 */
@QuarkusTest
@RequiresTestInfra
@WithTestResource(value = CareTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ReminderServiceTest {
  /** The management port's root (/q/): health and metrics, never on the API's port. */
  @TestHTTPResource(value = "/", management = true) URL management;
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final LocalDate TUESDAY = LocalDate.of(2026, 12, 1);
  private static final int PLANNED_48_HOURS = 20; // for FOUNDATION, a desk worker 9-17, from Tuesday 10:30
  private static final WorkPattern DESK_9_TO_5 = new WorkPattern(8, LocalTime.of(9, 0), LocalTime.of(17, 0), false);

  @Inject AdjustableClock clock;
  @Inject PatientPayloads payloads;
  private Duration before;

  @BeforeEach
  void tuesdayHalfPastTenInBerlin() {
    before = clock.offset();
    clock.setOffset(Duration.between(Instant.now(), TUESDAY.atTime(10, 30).atZone(BERLIN).toInstant()));
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

  private static EventEnvelope<PlanStarted> foundationStartedYesterday(String clinic, UUID planId, String patient) {
    return publish(clinic, "plan-" + planId, 1, new PlanStarted(planId, PatientId.of(patient), UUID.randomUUID(),
        "thoracic-v1@2026.11", PlanVariant.STANDARD, Phase.FOUNDATION, TUESDAY.minusDays(6), BERLIN, 5, DESK_9_TO_5,
        TUESDAY.minusDays(1), TUESDAY.plusDays(13)), "plan-service");
  }

  private static JsonPath reminders(String token, String patient, Map<String, ?> query) {
    return given().auth().oauth2(token).queryParams(query).get("/patients/{id}/reminders", patient).then()
        .statusCode(200).extract().jsonPath();
  }

  private static List<String> dueOf(JsonPath page, String kind, String status) {
    return page.getList("items.findAll { it.kind == '" + kind + "' && it.status == '" + status + "' }.localDue");
  }

  @Test
  void a_started_plan_has_its_next_48_hours_of_reminders_and_a_redelivered_start_adds_none() {
    String clinic = newClinic();
    UUID planId = UUID.randomUUID();
    String patient = Tokens.patient(clinic, "pat-1");
    EventEnvelope<PlanStarted> started = foundationStartedYesterday(clinic, planId, "pat-1");

    await().atMost(Duration.ofSeconds(20)).until(() -> reminders(patient, "pat-1", Map.of()).getInt("total") > 0);
    JsonPath page = reminders(patient, "pat-1", Map.of());
    // Tuesday from 10:30: micro-breaks 11-16, exercise 18:00, breathing 19:00; all of Wednesday
    // (breathing 9 and 19, micro-breaks 10-16, exercise 18); Thursday to 10:30: breathing 9, micro-break 10
    assertThat(page.getInt("total")).isEqualTo(8 + 10 + 2).isEqualTo(PLANNED_48_HOURS);
    assertThat(dueOf(page, "EXERCISE", "PENDING")).containsExactly("2026-12-01T18:00:00", "2026-12-02T18:00:00");
    assertThat(dueOf(page, "BREATHING", "PENDING")).containsExactly("2026-12-01T19:00:00", "2026-12-02T09:00:00",
        "2026-12-02T19:00:00", "2026-12-03T09:00:00");
    assertThat(page.getString("items[0].dueAt")).isEqualTo("2026-12-01T10:00:00Z"); // 11:00 in Berlin
    assertThat(page.getList("items[0].reasons", String.class).getFirst()).startsWith("reminder-rules-2026.11: hourly");

    TestEvents.publish(started, "plan-service"); // redelivered, then the plan is suspended
    publish(clinic, "plan-" + planId, 2, new PlanSuspended(planId, PatientId.of("pat-1"), null, null,
        "patient in hospital"), "plan-service");
    await().atMost(Duration.ofSeconds(20))
        .until(() -> reminders(patient, "pat-1", Map.of("status", "CANCELLED")).getInt("total") == PLANNED_48_HOURS);
    assertThat(reminders(patient, "pat-1", Map.of()).getInt("total")).isEqualTo(PLANNED_48_HOURS);

    publish(clinic, "plan-" + planId, 3, new PlanResumed(planId, PatientId.of("pat-1"), Phase.FOUNDATION, List.of(),
        "back home", TUESDAY.plusDays(13)), "plan-service");
    await().atMost(Duration.ofSeconds(20))
        .until(() -> reminders(patient, "pat-1", Map.of("status", "PENDING")).getInt("total") == PLANNED_48_HOURS);
    assertThat(reminders(patient, "pat-1", Map.of()).getInt("total")).isEqualTo(PLANNED_48_HOURS);
  }

  @Test
  void a_session_logged_today_satisfies_todays_exercise_reminder_only() {
    String clinic = newClinic();
    UUID planId = UUID.randomUUID();
    String patient = Tokens.patient(clinic, "pat-2");
    foundationStartedYesterday(clinic, planId, "pat-2");
    await().atMost(Duration.ofSeconds(20)).until(() -> reminders(patient, "pat-2", Map.of()).getInt("total") == PLANNED_48_HOURS);

    publish(clinic, "progress-" + planId, 1, new SessionLogged(UUID.randomUUID(), planId, PatientId.of("pat-2"), TUESDAY,
        List.of(new ExerciseLog("wall-angels", 2, 12, null, null)), 4, 3, Set.of(), null), "progress-service");

    await().atMost(Duration.ofSeconds(20))
        .until(() -> dueOf(reminders(patient, "pat-2", Map.of()), "EXERCISE", "SATISFIED").size() == 1);
    JsonPath page = reminders(patient, "pat-2", Map.of());
    assertThat(dueOf(page, "EXERCISE", "SATISFIED")).containsExactly("2026-12-01T18:00:00");
    assertThat(dueOf(page, "EXERCISE", "PENDING")).containsExactly("2026-12-02T18:00:00");
  }

  @Test
  void reminders_are_filtered_by_status_and_time_and_bad_filters_name_the_parameter() {
    String clinic = newClinic();
    String patient = Tokens.patient(clinic, "pat-3");
    foundationStartedYesterday(clinic, UUID.randomUUID(), "pat-3");
    await().atMost(Duration.ofSeconds(20)).until(() -> reminders(patient, "pat-3", Map.of()).getInt("total") == PLANNED_48_HOURS);

    JsonPath wednesdayMorning = reminders(patient, "pat-3", Map.of("from", "2026-12-02T00:00:00Z",
        "to", "2026-12-02T11:00:00Z", "status", "PENDING"));
    assertThat(wednesdayMorning.getList("items.localDue")).containsExactly("2026-12-02T09:00:00", "2026-12-02T10:00:00",
        "2026-12-02T11:00:00");
    assertThat(reminders(patient, "pat-3", Map.of("size", 5, "page", 1)).getList("items")).hasSize(5);

    given().auth().oauth2(patient).queryParam("status", "LOST").get("/patients/pat-3/reminders").then().statusCode(400)
        .contentType("application/problem+json").body("errors[0].field", equalTo("status"));
    given().auth().oauth2(patient).queryParam("from", "tomorrow").get("/patients/pat-3/reminders").then()
        .statusCode(400).body("errors[0].field", equalTo("from"));
  }

  @Test
  void another_patient_finds_nothing_and_another_clinic_sees_none_of_them() {
    String clinic = newClinic();
    foundationStartedYesterday(clinic, UUID.randomUUID(), "pat-4");
    await().atMost(Duration.ofSeconds(20))
        .until(() -> reminders(Tokens.patient(clinic, "pat-4"), "pat-4", Map.of()).getInt("total") == PLANNED_48_HOURS);

    given().auth().oauth2(Tokens.patient(clinic, "pat-5")).get("/patients/pat-4/reminders").then().statusCode(404)
        .contentType("application/problem+json");
    assertThat(reminders(Tokens.clinician(clinic, "dr-a"), "pat-4", Map.of()).getInt("total")).isEqualTo(PLANNED_48_HOURS);
    assertThat(reminders(Tokens.clinician(newClinic(), "dr-b"), "pat-4", Map.of()).getInt("total")).isZero();
    given().get("/patients/pat-4/reminders").then().statusCode(401);
  }

  @Test
  void new_preferences_plan_the_pending_reminders_again_at_once_and_bad_ones_change_nothing() {
    String clinic = newClinic();
    String patient = Tokens.patient(clinic, "pat-6");
    foundationStartedYesterday(clinic, UUID.randomUUID(), "pat-6");
    await().atMost(Duration.ofSeconds(20))
        .until(() -> reminders(patient, "pat-6", Map.of()).getInt("total") == PLANNED_48_HOURS);

    given().auth().oauth2(patient).contentType("application/json")
        .body("""
            {"exerciseAt": "07:30", "quietHours": {"start": "21:00", "end": "07:00"}, "channel": "INBOX"}""")
        .put("/patients/pat-6/reminder-preferences").then().statusCode(200).body("exerciseAt", equalTo("07:30:00"))
        .body("quietFrom", equalTo("21:00:00")).body("channel", equalTo("INBOX"));

    JsonPath page = reminders(patient, "pat-6", Map.of());
    assertThat(dueOf(page, "EXERCISE", "PENDING")).containsExactly("2026-12-02T07:30:00", "2026-12-03T07:30:00");
    assertThat(dueOf(page, "EXERCISE", "CANCELLED")).containsExactly("2026-12-01T18:00:00", "2026-12-02T18:00:00");

    for (String[] bad : List.of(
        new String[] {"{\"channel\": \"INBOX\", \"snooze\": true}", "snooze"},
        new String[] {"{\"channel\": \"INBOX\", \"exerciseAt\": \"25:00\"}", "exerciseAt"},
        new String[] {"{\"channel\": \"INBOX\", \"quietHours\": {\"start\": \"22:00\", \"end\": \"22:00\"}}",
            "quietHours.end"},
        new String[] {"{\"channel\": \"INBOX\", \"timezone\": \"Mars/Olympus_Mons\"}", "timezone"},
        new String[] {"{\"channel\": \"WEBHOOK\"}", "webhookUrl"},
        new String[] {"{\"channel\": \"WEBHOOK\", \"webhookUrl\": \"ftp://clinic.example/hook\"}", "webhookUrl"},
        new String[] {"{\"channel\": \"WEBHOOK\", \"webhookUrl\": \"http://169.254.169.254/latest/meta-data/\"}", "webhookUrl"},
        new String[] {"{\"channel\": \"WEBHOOK\", \"webhookUrl\": \"http://plan-service/admin/clock\"}", "webhookUrl"},
        new String[] {"{\"channel\": \"WEBHOOK\", \"webhookUrl\": \"http://2852039166/latest/meta-data/\"}", "webhookUrl"},
        new String[] {"{\"channel\": \"WEBHOOK\", \"webhookUrl\": \"http://u@169.254.169.254./\"}", "webhookUrl"},
        // a receiver that would be fine, but the clinic has no webhook secret: every delivery would fail
        new String[] {"{\"channel\": \"WEBHOOK\", \"webhookUrl\": \"http://127.0.0.1:9/hook\"}", "channel"},
        new String[] {"{\"exerciseAt\": \"08:00\"}", "channel"})) {
      given().auth().oauth2(patient).contentType("application/json").body(bad[0])
          .put("/patients/pat-6/reminder-preferences").then().statusCode(400).contentType("application/problem+json")
          .body("errors.field", hasItem(bad[1]));
    }
    given().auth().oauth2(Tokens.patient(clinic, "pat-7")).contentType("application/json")
        .body("{\"channel\": \"LOG\"}").put("/patients/pat-6/reminder-preferences").then().statusCode(404);

    given().auth().oauth2(patient).get("/patients/pat-6/reminder-preferences").then().statusCode(200)
        .body("exerciseAt", equalTo("07:30:00")).body("channel", equalTo("INBOX"));
    assertThat(dueOf(reminders(patient, "pat-6", Map.of()), "EXERCISE", "PENDING")).hasSize(2);
  }

  @Test
  void a_clinics_quiet_hours_move_its_patients_reminders_unless_they_chose_their_own() {
    String clinic = newClinic();
    String admin = Tokens.clinicAdmin(clinic, "admin-1");
    String following = Tokens.patient(clinic, "pat-10");
    String ownHours = Tokens.patient(clinic, "pat-11");
    foundationStartedYesterday(clinic, UUID.randomUUID(), "pat-10");
    foundationStartedYesterday(clinic, UUID.randomUUID(), "pat-11");
    await().atMost(Duration.ofSeconds(20)).until(() -> reminders(following, "pat-10", Map.of()).getInt("total")
        == PLANNED_48_HOURS && reminders(ownHours, "pat-11", Map.of()).getInt("total") == PLANNED_48_HOURS);
    given().auth().oauth2(ownHours).contentType("application/json")
        .body("{\"quietHours\": {\"start\": \"23:00\", \"end\": \"06:00\"}, \"channel\": \"INBOX\"}")
        .put("/patients/pat-11/reminder-preferences").then().statusCode(200);
    given().auth().oauth2(admin).get("/clinic/settings/quiet-hours").then().statusCode(200)
        .body("setByClinic", equalTo(false)).body("start", equalTo("22:00:00")).body("end", equalTo("07:00:00"));

    given().auth().oauth2(admin).contentType("application/json")
        .body(Map.of("start", "17:30", "end", "08:00", "reason", "Our patients rest early."))
        .put("/clinic/settings/quiet-hours").then().statusCode(200).body("setByClinic", equalTo(true))
        .body("start", equalTo("17:30:00")).body("platformStart", equalTo("22:00:00")).body("setBy", equalTo("admin-1"))
        .body("reason", equalTo("Our patients rest early."));
    // the exercise reminders at 18:00 fall inside: sent when the quiet hours end; the patient's own hours win
    await().atMost(Duration.ofSeconds(20)).until(() -> dueOf(reminders(following, "pat-10", Map.of()), "EXERCISE",
        "PENDING"), due -> due.equals(List.of("2026-12-02T08:00:00", "2026-12-03T08:00:00")));
    assertThat(dueOf(reminders(ownHours, "pat-11", Map.of()), "EXERCISE", "PENDING"))
        .containsExactly("2026-12-01T18:00:00", "2026-12-02T18:00:00");
    given().auth().oauth2(following).get("/patients/pat-10/reminder-preferences").then().statusCode(200)
        .body("quietFrom", equalTo("17:30:00")).body("quietUntil", equalTo("08:00:00"))
        .body("quietHoursChosen", equalTo(false));
    given().auth().oauth2(ownHours).get("/patients/pat-11/reminder-preferences").then().statusCode(200)
        .body("quietFrom", equalTo("23:00:00")).body("quietHoursChosen", equalTo(true));
    DefaultQuietHoursSet recorded = await().atMost(Duration.ofSeconds(20)).until(() ->
        TestEvents.published(Topic.CLINIC, Tenant.of(clinic), payloads), events -> events.size() == 1)
        .getFirst().as(DefaultQuietHoursSet.class).event();
    assertThat(recorded).isEqualTo(new DefaultQuietHoursSet(LocalTime.of(17, 30), LocalTime.of(8, 0),
        "Our patients rest early."));

    for (String[] bad : List.of(
        new String[] {"{\"start\": \"21:00\", \"reason\": \"x\"}", "end"},
        new String[] {"{\"end\": \"07:00\", \"reason\": \"x\"}", "start"},
        new String[] {"{\"start\": \"21:00\", \"end\": \"21:00\", \"reason\": \"x\"}", "end"},
        new String[] {"{\"start\": \"25:00\", \"end\": \"07:00\", \"reason\": \"x\"}", "start"},
        new String[] {"{\"start\": \"21:00\", \"end\": \"07:00\", \"reason\": \" \"}", "reason"},
        new String[] {"{\"start\": \"21:00\", \"end\": \"07:00\"}", "reason"},
        new String[] {"{\"start\": \"21:00\", \"end\": \"07:00\", \"reason\": \"x\", \"days\": []}", "days"})) {
      given().auth().oauth2(admin).contentType("application/json").body(bad[0]).put("/clinic/settings/quiet-hours")
          .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(bad[1]));
    }
    for (String token : List.of(Tokens.clinician(clinic, "dr-1"), following, Tokens.ops(clinic, "ops"))) {
      given().auth().oauth2(token).contentType("application/json").body(Map.of("reason", "x"))
          .put("/clinic/settings/quiet-hours").then().statusCode(403);
    }
    given().auth().oauth2(following).get("/clinic/settings/quiet-hours").then().statusCode(403);
    given().auth().oauth2(Tokens.clinician(clinic, "dr-1")).get("/clinic/settings/quiet-hours").then()
        .statusCode(200).body("start", equalTo("17:30:00"));
    given().auth().oauth2(Tokens.clinicAdmin(newClinic(), "admin-9")).get("/clinic/settings/quiet-hours").then()
        .statusCode(200).body("setByClinic", equalTo(false));

    // back to the platform's: the reminders follow
    given().auth().oauth2(admin).contentType("application/json").body(Map.of("reason", "The trial is over."))
        .put("/clinic/settings/quiet-hours").then().statusCode(200).body("setByClinic", equalTo(false))
        .body("start", equalTo("22:00:00")).body("reason", equalTo("The trial is over."));
    await().atMost(Duration.ofSeconds(20)).until(() -> dueOf(reminders(following, "pat-10", Map.of()), "EXERCISE",
        "PENDING"), due -> due.equals(List.of("2026-12-01T18:00:00", "2026-12-02T18:00:00")));
  }

  @Test
  void due_reminders_go_to_the_inbox_and_are_recorded_on_kafka_once_each() {
    String clinic = newClinic();
    String patient = Tokens.patient(clinic, "pat-8");
    foundationStartedYesterday(clinic, UUID.randomUUID(), "pat-8");
    await().atMost(Duration.ofSeconds(20))
        .until(() -> reminders(patient, "pat-8", Map.of()).getInt("total") == PLANNED_48_HOURS);

    clock.setOffset(Duration.between(Instant.now(), TUESDAY.atTime(13, 30).atZone(BERLIN).toInstant()));

    // the micro-breaks of 11:00, 12:00 and 13:00 are due: the service's dispatcher sends them
    await().atMost(Duration.ofSeconds(20))
        .until(() -> reminders(patient, "pat-8", Map.of("status", "SENT")).getInt("total") == 3);
    List<String> sent = reminders(patient, "pat-8", Map.of("status", "SENT")).getList("items.reminderId");
    await().atMost(Duration.ofSeconds(20)).until(() -> sentOnKafka(clinic).size() == 3);
    assertThat(sentOnKafka(clinic)).extracting(r -> r.reminderId().toString()).containsExactlyInAnyOrderElementsOf(sent);
    assertThat(sentOnKafka(clinic)).allSatisfy(r -> {
      assertThat(r.channel()).isEqualTo(Channel.INBOX);
      assertThat(r.attempt()).isOne();
    });
    assertThat(reminders(patient, "pat-8", Map.of("status", "PENDING")).getInt("total"))
        .isEqualTo(PLANNED_48_HOURS - 3);

    // the app marks one read; again changes nothing; one not delivered cannot be read; nor another's
    String first = sent.getFirst();
    String readAt = given().auth().oauth2(patient).post("/patients/pat-8/reminders/{id}/read", first).then()
        .statusCode(200).body("reminderId", equalTo(first)).extract().path("readAt");
    assertThat(readAt).isNotNull();
    given().auth().oauth2(patient).post("/patients/pat-8/reminders/{id}/read", first).then().statusCode(200)
        .body("readAt", equalTo(readAt));
    String pending = reminders(patient, "pat-8", Map.of("status", "PENDING")).getString("items[0].reminderId");
    given().auth().oauth2(patient).post("/patients/pat-8/reminders/{id}/read", pending).then().statusCode(409)
        .contentType("application/problem+json");
    given().auth().oauth2(Tokens.patient(clinic, "pat-9")).post("/patients/pat-8/reminders/{id}/read", first).then()
        .statusCode(404);
    given().auth().oauth2(Tokens.patient(newClinic(), "pat-8")).post("/patients/pat-8/reminders/{id}/read", first)
        .then().statusCode(404);
  }

  private List<ReminderSent> sentOnKafka(String clinic) {
    return TestEvents.published(Topic.REMINDER, Tenant.of(clinic), payloads).stream().map(EventEnvelope::event)
        .filter(ReminderSent.class::isInstance).map(ReminderSent.class::cast).toList();
  }

  @Test
  void ops_find_health_metrics_and_the_api_document() {
    given().get(management + "health/ready").then().statusCode(200).body("status", equalTo("UP"));
    String metrics = given().get(management + "metrics").then().statusCode(200).extract().asString();
    assertThat(metrics).contains("care_consumer_records", "care_reminders_due_backlog", "jvm_memory_used_bytes");
    String api = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
    assertThat(api).contains("/patients/{patientId}/reminders", "/patients/{patientId}/reminder-preferences",
        "\"ReminderPreferences\"", "application/problem+json");
  }
}
