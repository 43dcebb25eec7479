package care.thoracic.plan.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.Category;
import care.thoracic.contracts.clinical.Disposition;
import care.thoracic.contracts.clinical.ExerciseLog;
import care.thoracic.contracts.clinical.FlagCode;
import care.thoracic.contracts.clinical.FlagSource;
import care.thoracic.contracts.clinical.Recommendation;
import care.thoracic.contracts.clinical.Severity;
import care.thoracic.contracts.events.RedFlagRaised;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.eventsourcing.time.AdjustableClock;
import care.thoracic.plan.domain.CarePlan;
import care.thoracic.plan.jobs.PhaseReviews;
import care.thoracic.plan.store.PhaseReviewEvidence;
import care.thoracic.testkit.CareTestResource;
import care.thoracic.testkit.RequiresTestInfra;
import care.thoracic.testkit.TestEvents;
import care.thoracic.testkit.TestTriages;
import care.thoracic.testkit.Tokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * On the real (embedded) broker and store: triage events from Kafka start plans, clinicians act on
 * them with If-Match, red flags suspend them, and nothing crosses clinics.
 */
@QuarkusTest
@RequiresTestInfra
@WithTestResource(value = CareTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class PlanLifecycleTest {
  private static final ZoneId BERLIN = TestTriages.BERLIN;

  @Inject PhaseReviews phaseReviews;
  @Inject PhaseReviewEvidence progress;
  @Inject AdjustableClock clock;

  private static String newClinic() {
    return "clinic-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A triage as triage-service publishes it, for a pain that began ten days ago. */
  private static UUID triaged(String clinic, String patient, Category category, Disposition disposition) {
    UUID triageId = UUID.randomUUID();
    TestEvents.publish(TestTriages.asPublished(clinic, TestTriages.completed(triageId, patient, 6,
        LocalDate.now(BERLIN).minusDays(10), category, disposition)), "triage-service");
    return CarePlan.planId(triageId);
  }

  private static Response currentPlan(String token, String patient) {
    return given().auth().oauth2(token).get("/patients/{patient}/plan", patient);
  }

  private static Response awaitPlan(String token, String patient, String status) {
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      Response response = currentPlan(token, patient);
      return response.statusCode() == 200 && status.equals(response.path("status"));
    });
    return currentPlan(token, patient);
  }

  @Test
  void a_self_care_triage_on_kafka_starts_a_plan_the_patient_and_the_clinic_see() {
    String clinic = newClinic();
    UUID planId = triaged(clinic, "pat-1", Category.MECHANICAL, Disposition.SELF_CARE);
    String clinician = Tokens.clinician(clinic, "dr-1");

    Response plan = awaitPlan(clinician, "pat-1", "ACTIVE");
    assertThat(plan.<String>path("planId")).isEqualTo(planId.toString());
    assertThat(plan.<String>path("phase")).isEqualTo("FOUNDATION"); // onset ten days ago: past the acute 72 h
    assertThat(plan.<String>path("protocolVersion")).isEqualTo("thoracic-v1@2026.12");
    assertThat(plan.<String>path("nextReviewOn")).isEqualTo(LocalDate.now(BERLIN).plusDays(14).toString());
    assertThat(plan.header("ETag")).isEqualTo("\"1\"");

    given().auth().oauth2(Tokens.patient(clinic, "pat-1")).get("/plans/{id}", planId).then().statusCode(200)
        .body("patientId", equalTo("pat-1"));
    given().auth().oauth2(Tokens.patient(clinic, "pat-1")).get("/plans/{id}/fhir", planId).then().statusCode(200)
        .contentType("application/fhir+json").body("resourceType", equalTo("CarePlan"))
        .body("status", equalTo("active")).body("subject.reference", equalTo("Patient/pat-1"));
    given().auth().oauth2(Tokens.patient(clinic, "pat-2")).get("/plans/{id}/fhir", planId).then().statusCode(404);
    given().auth().oauth2(Tokens.patient(clinic, "pat-2")).get("/plans/{id}", planId).then().statusCode(404);
    given().auth().oauth2(Tokens.clinician(newClinic(), "dr-9")).get("/plans/{id}", planId).then().statusCode(404);
    given().auth().oauth2(Tokens.clinician(newClinic(), "dr-9")).get("/patients/pat-1/plan").then().statusCode(404);
    given().get("/plans/{id}", planId).then().statusCode(401);
  }

  @Test
  void a_structural_plan_waits_for_approval_and_a_stale_approval_gets_409() {
    String clinic = newClinic();
    UUID planId = triaged(clinic, "pat-3", Category.STRUCTURAL, Disposition.MODIFIED_CARE);
    String clinician = Tokens.clinician(clinic, "dr-2");
    Response awaiting = awaitPlan(clinician, "pat-3", "AWAITING_APPROVAL");
    assertThat(awaiting.<String>path("variant")).isEqualTo("STRUCTURAL");

    given().auth().oauth2(Tokens.patient(clinic, "pat-3")).contentType("application/json")
        .header("If-Match", "\"1\"").body("{\"reason\": \"I approve myself\"}")
        .post("/plans/{id}/approve", planId).then().statusCode(403);
    given().auth().oauth2(clinician).contentType("application/json").body("{\"reason\": \"Imaging reviewed.\"}")
        .post("/plans/{id}/approve", planId).then().statusCode(400).body("errors[0].field", equalTo("If-Match"));
    given().auth().oauth2(clinician).contentType("application/json").header("If-Match", "\"1\"")
        .body("{\"reason\": \"Imaging reviewed.\", \"approvedBy\": \"me\"}")
        .post("/plans/{id}/approve", planId).then().statusCode(400);
    given().auth().oauth2(clinician).contentType("application/json").header("If-Match", "\"1\"")
        .body("{\"reason\": \" \"}")
        .post("/plans/{id}/approve", planId).then().statusCode(400);

    given().auth().oauth2(clinician).contentType("application/json").header("If-Match", "\"1\"")
        .body("{\"reason\": \"Imaging reviewed.\"}")
        .post("/plans/{id}/approve", planId).then().statusCode(200)
        .body("status", equalTo("ACTIVE")).body("phase", equalTo("FOUNDATION")).body("version", equalTo(3))
        .header("ETag", "\"3\"");
    given().auth().oauth2(clinician).contentType("application/json").header("If-Match", "\"1\"")
        .body("{\"reason\": \"Hold on.\"}")
        .post("/plans/{id}/hold", planId).then().statusCode(409);
    given().auth().oauth2(clinician).contentType("application/json").header("If-Match", "\"3\"")
        .body("{\"reason\": \"Approve twice.\"}")
        .post("/plans/{id}/approve", planId).then().statusCode(409)
        .body("detail", org.hamcrest.Matchers.containsString("awaiting approval"));
    given().auth().oauth2(Tokens.clinician(newClinic(), "dr-9")).contentType("application/json")
        .header("If-Match", "\"3\"").body("{\"reason\": \"Not my clinic.\"}")
        .post("/plans/{id}/complete", planId).then().statusCode(404);
  }

  @Test
  void a_red_flag_about_the_patient_suspends_the_active_plan_and_a_clinician_resumes_it() {
    String clinic = newClinic();
    UUID planId = triaged(clinic, "pat-4", Category.MECHANICAL, Disposition.SELF_CARE);
    String clinician = Tokens.clinician(clinic, "dr-4");
    awaitPlan(clinician, "pat-4", "ACTIVE");

    UUID flagId = UUID.randomUUID();
    RedFlagRaised flag = new RedFlagRaised(flagId, PatientId.of("pat-4"), FlagCode.WORSENING_PAIN, Severity.MODERATE,
        Recommendation.CLINICIAN_REVIEW, FlagSource.PROGRESS, null, planId, List.of("Pain rose by 2 points."));
    var envelope = TestEvents.envelope(Tenant.of(clinic), "progress-" + planId, 5, flag, Actor.service("progress-service"));
    TestEvents.publish(envelope, "progress-service");
    TestEvents.publish(envelope, "progress-service"); // redelivered: suspends once

    Response suspended = awaitPlan(clinician, "pat-4", "SUSPENDED");
    assertThat(suspended.<List<String>>path("openFlagIds")).containsExactly(flagId.toString());
    assertThat(suspended.<Integer>path("version")).isEqualTo(2);
    LocalDate phaseReview = LocalDate.parse(suspended.path("nextReviewOn"));
    LocalDate weekAfterResuming = LocalDate.now(BERLIN).plusDays(7);

    // reviewed a week after resuming, or on the phase's own review day if that is later
    given().auth().oauth2(clinician).contentType("application/json").header("If-Match", "\"2\"")
        .body("{\"reason\": \"Reviewed; pain is settling.\"}")
        .post("/plans/{id}/resume", planId).then().statusCode(200).body("status", equalTo("ACTIVE"))
        .body("nextReviewOn", equalTo((phaseReview.isAfter(weekAfterResuming) ? phaseReview : weekAfterResuming).toString()));
  }

  @Test
  void an_urgent_triage_starts_no_plan() throws Exception {
    String clinic = newClinic();
    triaged(clinic, "pat-5", Category.MECHANICAL, Disposition.URGENT);
    UUID later = triaged(clinic, "pat-6", Category.MECHANICAL, Disposition.SELF_CARE); // same partition order aside
    String clinician = Tokens.clinician(clinic, "dr-5");
    awaitPlan(clinician, "pat-6", "ACTIVE");
    assertThat(later).isNotNull();
    currentPlan(clinician, "pat-5").then().statusCode(404);
  }

  @Test
  void due_phase_reviews_advance_a_plan_with_enough_sessions_and_hold_one_without() {
    String clinic = newClinic();
    UUID diligent = triaged(clinic, "pat-7", Category.MECHANICAL, Disposition.SELF_CARE);
    UUID idle = triaged(clinic, "pat-8", Category.MECHANICAL, Disposition.SELF_CARE);
    String clinician = Tokens.clinician(clinic, "dr-7");
    awaitPlan(clinician, "pat-7", "ACTIVE");
    awaitPlan(clinician, "pat-8", "ACTIVE");
    LocalDate start = LocalDate.now(BERLIN);
    for (int day = 0; day < 12; day++) { // 12 of the phase's 14 days, pain 3 (baseline 6)
      SessionLogged session = new SessionLogged(UUID.randomUUID(), diligent, PatientId.of("pat-7"), start.plusDays(day),
          List.of(new ExerciseLog("diaphragmatic-breathing", 3, 10, null, null)), 3, 2, Set.of(), null);
      TestEvents.publish(TestEvents.envelope(Tenant.of(clinic), "sessions-" + diligent, day + 1, session,
          Actor.user("pat-7")), "progress-service");
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> progress.sessions(Tenant.of(clinic), diligent).size() == 12);

    assertThat(phaseReviews.reviewDuePlans()).as("nothing is due before the fourteenth day").isZero();
    Duration before = clock.offset();
    try {
      clock.setOffset(before.plus(Duration.ofDays(14)));
      phaseReviews.reviewDuePlans();
      assertThat(phaseReviews.reviewDuePlans()).as("a second run decides nothing again").isZero();
    } finally {
      clock.setOffset(before);
    }
    given().auth().oauth2(clinician).get("/plans/{id}", diligent).then().statusCode(200)
        .body("phase", equalTo("MOBILITY")).body("phaseStartedOn", equalTo(start.plusDays(14).toString()))
        .body("nextReviewOn", equalTo(start.plusDays(28).toString()));
    given().auth().oauth2(clinician).get("/plans/{id}", idle).then().statusCode(200)
        .body("phase", equalTo("FOUNDATION")).body("consecutiveHolds", equalTo(1))
        .body("nextReviewOn", equalTo(start.plusDays(21).toString()));
  }

  @Test
  void the_timeline_the_plan_as_it_stood_and_what_to_do_today_follow_the_events() throws Exception {
    String clinic = newClinic();
    UUID planId = triaged(clinic, "pat-9", Category.STRUCTURAL, Disposition.MODIFIED_CARE);
    String clinician = Tokens.clinician(clinic, "dr-9");
    String patient = Tokens.patient(clinic, "pat-9");
    awaitPlan(clinician, "pat-9", "AWAITING_APPROVAL");
    java.time.Instant whileAwaiting = java.time.Instant.now();
    Thread.sleep(5); // the approval's events are stamped strictly later
    given().auth().oauth2(patient).get("/plans/{id}/today", planId).then().statusCode(409);
    given().auth().oauth2(clinician).contentType("application/json").header("If-Match", "\"1\"")
        .body("{\"reason\": \"Cleared for a modified programme.\"}").post("/plans/{id}/approve", planId).then()
        .statusCode(200);
    given().auth().oauth2(clinician).contentType("application/json").header("If-Match", "\"3\"")
        .body("{\"reason\": \"Moving well already.\"}").post("/plans/{id}/advance", planId).then().statusCode(200)
        .body("phase", equalTo("MOBILITY"));

    Response today = given().auth().oauth2(patient).get("/plans/{id}/today", planId);
    today.then().statusCode(200).body("phase", equalTo("MOBILITY")).body("dayOfPhase", equalTo(1))
        .body("date", equalTo(LocalDate.now(BERLIN).toString())).body("timezone", equalTo("Europe/Berlin"));
    assertThat(today.<List<String>>path("activities.id")).contains("prone-ytw", "thread-the-needle")
        .doesNotContain("foam-roller-extension", "quadruped-rotation"); // the structural variant
    assertThat(today.<Integer>path("activities.find { it.id == 'prone-ytw' }.dosage.sets")).isEqualTo(2);
    assertThat(today.<List<String>>path("education.id")).contains("monitor", "daily-dose");

    Response history = given().auth().oauth2(patient).get("/plans/{id}/history", planId);
    history.then().statusCode(200);
    assertThat(history.<List<String>>path("type")).containsExactly("care.plan.awaiting-approval.v1",
        "care.plan.approved.v1", "care.plan.started.v1", "care.plan.phase-advanced.v1");
    assertThat(history.<List<String>>path("actor")).containsExactly("service:plan-service", "user:dr-9", "user:dr-9",
        "user:dr-9");
    assertThat(history.<String>path("[3].event.reasons[0]")).isEqualTo("Moving well already.");

    given().auth().oauth2(clinician).queryParam("asOf", whileAwaiting.toString()).get("/plans/{id}", planId).then()
        .statusCode(200).body("status", equalTo("AWAITING_APPROVAL")).body("version", equalTo(1));
    given().auth().oauth2(clinician).queryParam("asOf", "2020-01-01T00:00:00Z").get("/plans/{id}", planId).then()
        .statusCode(404);
    given().auth().oauth2(clinician).queryParam("asOf", "yesterday").get("/plans/{id}", planId).then()
        .statusCode(400).body("errors[0].field", equalTo("asOf"));
    given().auth().oauth2(Tokens.patient(clinic, "pat-10")).get("/plans/{id}/history", planId).then().statusCode(404);
  }

  @Test
  void the_clinic_lists_its_plans_by_status_and_its_red_flags_until_resolved() {
    String clinic = newClinic();
    UUID active = triaged(clinic, "pat-11", Category.MECHANICAL, Disposition.SELF_CARE);
    triaged(clinic, "pat-12", Category.STRUCTURAL, Disposition.MODIFIED_CARE);
    String clinician = Tokens.clinician(clinic, "dr-11");
    awaitPlan(clinician, "pat-11", "ACTIVE");
    awaitPlan(clinician, "pat-12", "AWAITING_APPROVAL");
    triaged(newClinic(), "pat-11", Category.MECHANICAL, Disposition.SELF_CARE); // another clinic's, never listed

    given().auth().oauth2(clinician).queryParam("status", "AWAITING_APPROVAL").get("/clinic/plans").then()
        .statusCode(200).body("total", equalTo(1)).body("items[0].patientId", equalTo("pat-12"));
    given().auth().oauth2(clinician).get("/clinic/plans").then().statusCode(200).body("total", equalTo(2));
    given().auth().oauth2(clinician).queryParam("size", 1).queryParam("page", 1).get("/clinic/plans").then()
        .statusCode(200).body("items.size()", equalTo(1)).body("page", equalTo(1));
    given().auth().oauth2(clinician).queryParam("status", "SLEEPING").get("/clinic/plans").then().statusCode(400)
        .body("errors[0].field", equalTo("status"));
    given().auth().oauth2(Tokens.patient(clinic, "pat-11")).get("/clinic/plans").then().statusCode(403);

    UUID flagId = UUID.randomUUID();
    RedFlagRaised flag = new RedFlagRaised(flagId, PatientId.of("pat-11"), FlagCode.PERSISTENT_NEUROLOGICAL_SYMPTOMS,
        Severity.HIGH, Recommendation.IMAGING, FlagSource.PROGRESS, null, active, List.of("Tingling for 15 days."));
    TestEvents.publish(TestEvents.envelope(Tenant.of(clinic), "progress-" + active, 3, flag,
        Actor.service("progress-service")), "progress-service");
    awaitPlan(clinician, "pat-11", "SUSPENDED");
    given().auth().oauth2(clinician).queryParam("status", "OPEN").get("/clinic/red-flags").then().statusCode(200)
        .body("total", equalTo(1)).body("items[0].flagId", equalTo(flagId.toString()))
        .body("items[0].recommendation", equalTo("IMAGING"));
    given().auth().oauth2(Tokens.clinician(newClinic(), "dr-x")).get("/clinic/red-flags").then().statusCode(200)
        .body("total", equalTo(0));

    given().auth().oauth2(clinician).contentType("application/json").header("If-Match", "\"2\"")
        .body("{\"reason\": \"MRI clear.\"}").post("/plans/{id}/resume", active).then().statusCode(200);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(clinician)
        .queryParam("status", "RESOLVED").get("/clinic/red-flags").then().body("total", equalTo(1)));
    given().auth().oauth2(clinician).queryParam("status", "OPEN").get("/clinic/red-flags").then()
        .body("total", equalTo(0));
  }

  @Test
  void redelivered_triages_sessions_and_flags_change_nothing() {
    String clinic = newClinic();
    UUID triageId = UUID.randomUUID();
    var triage = TestTriages.asPublished(clinic, TestTriages.completed(triageId, "pat-13", 4,
        LocalDate.now(BERLIN).minusDays(10), Category.MECHANICAL, Disposition.SELF_CARE));
    UUID planId = CarePlan.planId(triageId);
    SessionLogged logged = new SessionLogged(UUID.randomUUID(), planId, PatientId.of("pat-13"), LocalDate.now(BERLIN),
        List.of(new ExerciseLog("diaphragmatic-breathing", 3, 10, null, null)), 4, 3, Set.of(), null);
    var session = TestEvents.envelope(Tenant.of(clinic), "sessions-" + planId, 1, logged, Actor.user("pat-13"));
    for (int delivery = 0; delivery < 3; delivery++) {
      TestEvents.publish(triage, "triage-service");
      TestEvents.publish(session, "progress-service");
    }
    String clinician = Tokens.clinician(clinic, "dr-13");
    awaitPlan(clinician, "pat-13", "ACTIVE");
    await().atMost(Duration.ofSeconds(20)).until(() -> progress.sessions(Tenant.of(clinic), planId).size() == 1);
    UUID marker = triaged(clinic, "pat-14", Category.MECHANICAL, Disposition.SELF_CARE); // after every redelivery
    awaitPlan(clinician, "pat-14", "ACTIVE");

    assertThat(marker).isNotNull();
    given().auth().oauth2(clinician).get("/plans/{id}/history", planId).then().statusCode(200)
        .body("size()", equalTo(1));
    assertThat(progress.sessions(Tenant.of(clinic), planId)).hasSize(1);
    given().auth().oauth2(clinician).get("/clinic/plans").then().body("total", equalTo(2));
  }

  @Test
  void another_clinic_sees_none_of_a_plan_on_any_endpoint() {
    String clinic = newClinic();
    UUID planId = triaged(clinic, "pat-15", Category.MECHANICAL, Disposition.SELF_CARE);
    awaitPlan(Tokens.clinician(clinic, "dr-15"), "pat-15", "ACTIVE");
    String stranger = Tokens.clinician(newClinic(), "dr-stranger");
    for (String path : List.of("/plans/{id}", "/plans/{id}/history", "/plans/{id}/today", "/plans/{id}/fhir",
        "/plans/{id}/stream")) {
      given().auth().oauth2(stranger).get(path, planId).then().statusCode(404);
    }
    given().auth().oauth2(stranger).queryParam("asOf", java.time.Instant.now().toString()).get("/plans/{id}", planId)
        .then().statusCode(404);
    for (String action : List.of("approve", "advance", "hold", "suspend", "resume", "complete")) {
      given().auth().oauth2(stranger).contentType("application/json").header("If-Match", "\"1\"")
          .body("{\"reason\": \"not mine\"}").post("/plans/{id}/" + action, planId).then().statusCode(404);
    }
    given().auth().oauth2(stranger).get("/patients/pat-15/plan").then().statusCode(404);
    given().auth().oauth2(Tokens.clinician(clinic, "dr-15")).get("/plans/{id}", planId).then().statusCode(200)
        .body("version", equalTo(1)); // and nothing the stranger tried changed it
  }
}
