package care.thoracic.progress.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import ca.uhn.fhir.context.FhirContext;
import care.thoracic.contracts.Actor;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.FlagCode;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.PlanVariant;
import care.thoracic.contracts.clinical.ProgressOutcome;
import care.thoracic.contracts.clinical.Recommendation;
import care.thoracic.contracts.clinical.Severity;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.PlanEvent;
import care.thoracic.contracts.events.PlanResumed;
import care.thoracic.contracts.events.PlanStarted;
import care.thoracic.contracts.events.PlanSuspended;
import care.thoracic.contracts.events.ProgressAssessed;
import care.thoracic.contracts.events.RedFlagRaised;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.contracts.events.Topic;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.eventsourcing.store.EventSourcedRepository;
import care.thoracic.eventsourcing.time.AdjustableClock;
import care.thoracic.progress.domain.PlanProgress;
import care.thoracic.progress.jobs.ProgressChecks;
import care.thoracic.testkit.CareTestResource;
import care.thoracic.testkit.FhirValidation;
import care.thoracic.testkit.RequiresTestInfra;
import care.thoracic.testkit.TestEvents;
import care.thoracic.testkit.Tokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * progress-service on the real (embedded) broker and store: plans arrive as plan-service publishes
 * them, sessions are posted as the app posts them, and what comes out is read from Kafka.
 */
@QuarkusTest
@RequiresTestInfra
@WithTestResource(value = CareTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ProgressServiceTest {
  /** The management port's root (/q/): health and metrics, never on the API's port. */
  @TestHTTPResource(value = "/", management = true) URL management;
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final FhirValidation FHIR = new FhirValidation(FhirContext.forR4());

  @Inject EventSourcedRepository<PlanProgress.Command, CareEvent, PlanProgress.State> progress;
  @Inject ProgressChecks checks;
  @Inject AdjustableClock clock;
  @Inject PatientPayloads payloads;

  private static String newClinic() {
    return "clinic-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A plan as plan-service publishes it: started {@code daysAgo} days ago, baseline pain 5, FOUNDATION. */
  private static UUID planStarted(String clinic, String patient, int daysAgo) {
    UUID planId = UUID.randomUUID();
    LocalDate startedOn = LocalDate.now(BERLIN).minusDays(daysAgo);
    publishPlanEvent(clinic, planId, 1, new PlanStarted(planId, PatientId.of(patient), UUID.randomUUID(),
        "thoracic-v1@2026.11", PlanVariant.STANDARD, Phase.FOUNDATION, startedOn.minusDays(5), BERLIN, 5, null,
        startedOn, startedOn.plusDays(14)));
    await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(Tokens.clinician(clinic, "dr-w"))
        .get("/plans/{id}/progress", planId).statusCode() == 200);
    return planId;
  }

  private static EventEnvelope<PlanEvent> publishPlanEvent(String clinic, UUID planId, long version, PlanEvent event) {
    EventEnvelope<PlanEvent> envelope = TestEvents.envelope(Tenant.of(clinic), "plan-" + planId, version, event,
        Actor.service("plan-service"));
    TestEvents.publish(envelope, "plan-service");
    return envelope;
  }

  private static String session(UUID sessionId, LocalDate on, int painBefore, String... symptoms) {
    return """
        {"sessionId": "%s", "performedOn": "%s", "painBefore": %d, "painAfter": %d,
         "exercises": [{"exerciseId": "wall-angels", "sets": 2, "reps": 12},
                       {"exerciseId": "thread-the-needle", "sets": 1, "holdSeconds": 30, "side": "BOTH"}],
         "symptoms": [%s], "note": "felt stiff in the morning"}
        """.formatted(sessionId, on, painBefore, Math.max(0, painBefore - 1),
        String.join(", ", List.of(symptoms).stream().map(s -> "\"" + s + "\"").toList()));
  }

  private static Response post(String token, UUID planId, String body) {
    return given().auth().oauth2(token).contentType("application/json").body(body)
        .post("/plans/{id}/sessions", planId);
  }

  private static int atRiskTotal(String clinician) {
    return given().auth().oauth2(clinician).get("/clinic/patients-at-risk").then().statusCode(200).extract()
        .path("total");
  }

  private static Response progressOf(String token, UUID planId) {
    return given().auth().oauth2(token).get("/plans/{id}/progress", planId);
  }

  private <E extends CareEvent> List<E> published(Topic topic, String clinic, Class<E> type, UUID planId) {
    return TestEvents.published(topic, Tenant.of(clinic), payloads).stream().map(EventEnvelope::event).filter(type::isInstance)
        .map(type::cast).filter(e -> planId.equals(planOf(e))).toList();
  }

  private static UUID planOf(CareEvent event) {
    return switch (event) {
      case SessionLogged s -> s.planId();
      case RedFlagRaised f -> f.planId();
      case ProgressAssessed a -> a.planId();
      default -> null;
    };
  }

  private List<CareEvent> stream(String clinic, UUID planId) {
    return progress.load(Tenant.of(clinic), PlanProgress.streamId(planId)).events().stream()
        .map(EventEnvelope::event).toList();
  }

  @Test
  void a_session_posted_twice_is_logged_once_published_once_and_shows_in_progress() {
    String clinic = newClinic();
    UUID planId = planStarted(clinic, "pat-1", 3);
    String patient = Tokens.patient(clinic, "pat-1");
    UUID sessionId = UUID.randomUUID();
    String body = session(sessionId, LocalDate.now(BERLIN), 4);

    Response first = post(patient, planId, body);
    first.then().statusCode(201).body("sessionId", equalTo(sessionId.toString())).body("painBefore", equalTo(4))
        .body("exercises", equalTo(2));
    Response retried = post(patient, planId, body);
    retried.then().statusCode(201);
    assertThat(retried.asString()).isEqualTo(first.asString());
    assertThat(stream(clinic, planId)).hasSize(1);
    post(patient, planId, session(sessionId, LocalDate.now(BERLIN), 9)).then().statusCode(409);

    await().atMost(Duration.ofSeconds(20))
        .until(() -> published(Topic.SESSION, clinic, SessionLogged.class, planId).size() == 1);
    assertThat(published(Topic.SESSION, clinic, SessionLogged.class, planId).getFirst().note())
        .isEqualTo("felt stiff in the morning");
    await().atMost(Duration.ofSeconds(20)).until(() -> progressOf(patient, planId).<Integer>path("sessionsLogged") == 1);
    Response progress = progressOf(patient, planId);
    progress.then().statusCode(200).body("status", equalTo("ACTIVE")).body("baselinePain", equalTo(5))
        .body("meanPain7d", equalTo(4.0f)).body("changePoints", equalTo(-1.0f)).body("changePercent", equalTo(-20.0f))
        .body("significantImprovement", equalTo(false)).body("streaks.current", equalTo(1))
        .body("adherence.daysWithSession", equalTo(1)).body("adherence.daysElapsed", equalTo(4))
        .body("weeks[0].name", equalTo("week 1")).body("phases[0].name", equalTo("FOUNDATION"))
        .body("rulesVersion", equalTo("progress-rules-2026.12"));
  }

  @Test
  void sessions_posted_at_the_same_moment_from_several_devices_are_all_logged() throws Exception {
    String clinic = newClinic();
    UUID planId = planStarted(clinic, "pat-devices", 10);
    String patient = Tokens.patient(clinic, "pat-devices");
    int devices = 12;
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> answers = new ArrayList<>();
    try (ExecutorService phones = Executors.newFixedThreadPool(devices)) {
      for (int d = 0; d < devices; d++) {
        String body = session(UUID.randomUUID(), LocalDate.now(BERLIN).minusDays(d % 7), 5);
        answers.add(phones.submit(() -> {
          go.await();
          return post(patient, planId, body).statusCode();
        }));
      }
      go.countDown();
      for (Future<Integer> answer : answers) {
        assertThat(answer.get()).isEqualTo(201);
      }
    }
    assertThat(stream(clinic, planId)).hasSize(devices);
    await().atMost(Duration.ofSeconds(20))
        .until(() -> progressOf(patient, planId).<Integer>path("sessionsLogged") == devices);
  }

  @Test
  void bowel_or_bladder_dysfunction_in_a_session_raises_an_urgent_flag_on_kafka_at_once_until_resolved() {
    String clinic = newClinic();
    UUID planId = planStarted(clinic, "pat-2", 5);
    String patient = Tokens.patient(clinic, "pat-2");
    String clinician = Tokens.clinician(clinic, "dr-2");
    post(patient, planId, session(UUID.randomUUID(), LocalDate.now(BERLIN), 6, "BOWEL_BLADDER_DYSFUNCTION"))
        .then().statusCode(201);

    await().atMost(Duration.ofSeconds(20))
        .until(() -> published(Topic.RED_FLAG, clinic, RedFlagRaised.class, planId).size() == 1);
    RedFlagRaised flag = published(Topic.RED_FLAG, clinic, RedFlagRaised.class, planId).getFirst();
    assertThat(flag.code()).isEqualTo(FlagCode.BOWEL_BLADDER_DYSFUNCTION);
    assertThat(flag.severity()).isEqualTo(Severity.URGENT);
    assertThat(flag.recommendation()).isEqualTo(Recommendation.EMERGENCY_CARE);
    assertThat(flag.patientId()).isEqualTo(PatientId.of("pat-2"));
    await().atMost(Duration.ofSeconds(20)).until(() -> progressOf(clinician, planId).<List<?>>path("openFlags").size() == 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> atRiskTotal(clinician) == 1); // kept just after the view
    given().auth().oauth2(clinician).get("/clinic/patients-at-risk").then().statusCode(200)
        .body("total", equalTo(1)).body("items[0].patientId", equalTo("pat-2"))
        .body("items[0].urgentFlag", equalTo(true)).body("items[0].asOf", equalTo(LocalDate.now(BERLIN).toString()));

    // plan-service suspends the plan for the flag; sessions are still recorded; the same sign raises nothing new
    publishPlanEvent(clinic, planId, 2, new PlanSuspended(planId, PatientId.of("pat-2"), flag.flagId(), flag.code(),
        "Flag raised"));
    await().atMost(Duration.ofSeconds(20)).until(() -> "SUSPENDED".equals(progressOf(clinician, planId).path("status")));
    post(patient, planId, session(UUID.randomUUID(), LocalDate.now(BERLIN), 6, "BOWEL_BLADDER_DYSFUNCTION"))
        .then().statusCode(201);
    assertThat(stream(clinic, planId)).filteredOn(RedFlagRaised.class::isInstance).hasSize(1);

    publishPlanEvent(clinic, planId, 3, new PlanResumed(planId, PatientId.of("pat-2"), Phase.FOUNDATION,
        List.of(flag.flagId()), "Seen in the emergency department; cleared.", LocalDate.now(BERLIN).plusDays(7)));
    await().atMost(Duration.ofSeconds(20)).until(() -> progressOf(clinician, planId).<List<?>>path("openFlags").isEmpty());
    assertThat(progressOf(clinician, planId).<List<String>>path("resolvedFlags.code"))
        .containsExactly("BOWEL_BLADDER_DYSFUNCTION");
    await().atMost(Duration.ofSeconds(20)).until(() -> atRiskTotal(clinician) == 0);
  }

  @Test
  void bad_sessions_are_refused_with_the_field_named_and_nothing_is_recorded() {
    String clinic = newClinic();
    UUID planId = planStarted(clinic, "pat-3", 2);
    String patient = Tokens.patient(clinic, "pat-3");
    LocalDate today = LocalDate.now(BERLIN);
    String good = session(UUID.randomUUID(), today, 4);

    post(patient, planId, good.replace("\"note\"", "\"mood\": \"fine\", \"note\"")).then().statusCode(400)
        .contentType("application/problem+json");
    post(patient, planId, good.replace("\"painBefore\": 4", "\"painBefore\": 11")).then().statusCode(400)
        .body("errors[0].field", equalTo("painBefore"));
    post(patient, planId, session(UUID.randomUUID(), today.plusDays(1), 4)).then().statusCode(400)
        .body("errors[0].field", equalTo("performedOn"));
    post(patient, planId, session(UUID.randomUUID(), today.minusDays(3), 4)).then().statusCode(400)
        .body("errors[0].field", equalTo("performedOn"));
    post(patient, planId, good.replace("\"reps\": 12", "\"reps\": 12, \"holdSeconds\": 5")).then().statusCode(400)
        .body("errors[0].field", equalTo("exercises[0].reps"));
    post(patient, planId, good.replace("\"symptoms\": []", "\"symptoms\": [\"DIZZINESS\"]")).then().statusCode(400);
    post(patient, planId, good.replaceFirst("\"sessionId\": \"[^\"]+\", ", "")).then().statusCode(400);
    assertThat(stream(clinic, planId)).isEmpty();
  }

  @Test
  void another_clinic_or_another_patient_finds_no_plan_and_changes_nothing() {
    String clinic = newClinic();
    UUID planId = planStarted(clinic, "pat-4", 2);
    String body = session(UUID.randomUUID(), LocalDate.now(BERLIN), 4);
    String otherClinic = Tokens.clinician(newClinic(), "dr-x");
    String otherPatient = Tokens.patient(clinic, "pat-5");
    String samePatientIdElsewhere = Tokens.patient(newClinic(), "pat-4");

    for (String stranger : List.of(otherClinic, otherPatient, samePatientIdElsewhere)) {
      post(stranger, planId, body).then().statusCode(404);
      progressOf(stranger, planId).then().statusCode(404);
      given().auth().oauth2(stranger).get("/plans/{id}/observations", planId).then().statusCode(404);
    }
    post(Tokens.patient(clinic, "pat-4"), planId, session(UUID.randomUUID(), LocalDate.now(BERLIN), 8,
        "PROGRESSIVE_NUMBNESS")).then().statusCode(201);
    await().atMost(Duration.ofSeconds(20)).until(() -> atRiskTotal(Tokens.clinician(clinic, "dr-4")) == 1);
    given().auth().oauth2(otherClinic).get("/clinic/patients-at-risk").then().statusCode(200).body("total", equalTo(0));
    given().auth().oauth2(otherPatient).get("/clinic/patients-at-risk").then().statusCode(403);
    given().get("/plans/{id}/progress", planId).then().statusCode(401);
    post(Tokens.patient(clinic, "pat-4"), UUID.randomUUID(), body).then().statusCode(404);
    assertThat(stream(clinic, planId)).filteredOn(SessionLogged.class::isInstance).hasSize(1);
  }

  @Test
  void redelivered_plan_and_session_events_change_nothing() {
    String clinic = newClinic();
    UUID planId = UUID.randomUUID();
    LocalDate startedOn = LocalDate.now(BERLIN).minusDays(4);
    var started = publishPlanEvent(clinic, planId, 1, new PlanStarted(planId, PatientId.of("pat-6"), UUID.randomUUID(),
        "thoracic-v1@2026.11", PlanVariant.STANDARD, Phase.FOUNDATION, startedOn, BERLIN, 5, null, startedOn,
        startedOn.plusDays(14)));
    TestEvents.publish(started, "plan-service"); // redelivered
    SessionLogged logged = new SessionLogged(UUID.randomUUID(), planId, PatientId.of("pat-6"), startedOn.plusDays(1),
        List.of(), 3, 2, java.util.Set.of(), null);
    var session = TestEvents.envelope(Tenant.of(clinic), PlanProgress.streamId(planId), 1, logged,
        Actor.user("pat-6"));
    TestEvents.publish(session, "progress-service");
    TestEvents.publish(session, "progress-service"); // redelivered
    TestEvents.publish(started, "plan-service");

    String clinician = Tokens.clinician(clinic, "dr-6");
    await().atMost(Duration.ofSeconds(20)).until(() -> progressOf(clinician, planId).statusCode() == 200
        && progressOf(clinician, planId).<Integer>path("sessionsLogged") == 1);
    // one more distinct session proves the consumer moved past the redeliveries
    SessionLogged next = new SessionLogged(UUID.randomUUID(), planId, PatientId.of("pat-6"), startedOn.plusDays(2),
        List.of(), 3, 2, java.util.Set.of(), null);
    TestEvents.publish(TestEvents.envelope(Tenant.of(clinic), PlanProgress.streamId(planId), 2, next,
        Actor.user("pat-6")), "progress-service");
    await().atMost(Duration.ofSeconds(20)).until(() -> progressOf(clinician, planId).<Integer>path("sessionsLogged") == 2);
    progressOf(clinician, planId).then().body("phases.size()", equalTo(1)).body("adherence.daysWithSession", equalTo(2));
  }

  @Test
  void the_daily_checks_flag_worsening_pain_assess_week_4_and_flag_no_improvement_at_week_6() {
    String clinic = newClinic();
    UUID planId = planStarted(clinic, "pat-7", 7);
    String patient = Tokens.patient(clinic, "pat-7");
    LocalDate start = LocalDate.now(BERLIN).minusDays(7);
    for (int day = 0; day < 7; day++) { // pain 7 every day against baseline 5
      post(patient, planId, session(UUID.randomUUID(), start.plusDays(day), 7)).then().statusCode(201);
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> progressOf(patient, planId).<Integer>path("sessionsLogged") == 7);

    checks.checkDuePlans();
    assertThat(stream(clinic, planId)).filteredOn(RedFlagRaised.class::isInstance).extracting(e -> ((RedFlagRaised) e).code())
        .containsExactly(FlagCode.WORSENING_PAIN);
    checks.checkDuePlans(); // the same day again: nothing
    assertThat(stream(clinic, planId)).hasSize(8);

    Duration before = clock.offset();
    try {
      clock.setOffset(before.plus(Duration.ofDays(21))); // day 28
      checks.checkDuePlans();
      ProgressAssessed week4 = (ProgressAssessed) stream(clinic, planId).getLast();
      assertThat(week4.planWeek()).isEqualTo(4);
      assertThat(week4.outcome()).isEqualTo(ProgressOutcome.NO_CHANGE); // nothing logged in the last 7 days
      assertThat(week4.adherence()).isEqualTo(0.25); // 7 of 28 days

      clock.setOffset(before.plus(Duration.ofDays(35))); // day 42
      checks.checkDuePlans();
      RedFlagRaised noImprovement = (RedFlagRaised) stream(clinic, planId).getLast();
      assertThat(noImprovement.code()).isEqualTo(FlagCode.NO_IMPROVEMENT);
      assertThat(noImprovement.recommendation()).isEqualTo(Recommendation.CLINICIAN_REVIEW); // 7 of 42 days
    } finally {
      clock.setOffset(before);
    }
    await().atMost(Duration.ofSeconds(20))
        .until(() -> published(Topic.PROGRESS, clinic, ProgressAssessed.class, planId).size() == 1);
    await().atMost(Duration.ofSeconds(20))
        .until(() -> published(Topic.RED_FLAG, clinic, RedFlagRaised.class, planId).size() == 2);
  }

  @Test
  void the_pain_scores_are_a_valid_fhir_r4_bundle_of_observations() {
    String clinic = newClinic();
    UUID planId = planStarted(clinic, "pat-8", 3);
    String patient = Tokens.patient(clinic, "pat-8");
    post(patient, planId, session(UUID.randomUUID(), LocalDate.now(BERLIN).minusDays(1), 6)).then().statusCode(201);
    post(patient, planId, session(UUID.randomUUID(), LocalDate.now(BERLIN), 4)).then().statusCode(201);
    await().atMost(Duration.ofSeconds(20)).until(() -> progressOf(patient, planId).<Integer>path("sessionsLogged") == 2);

    Response bundle = given().auth().oauth2(patient).get("/plans/{id}/observations", planId);
    bundle.then().statusCode(200).contentType("application/fhir+json").body("resourceType", equalTo("Bundle"))
        .body("entry.size()", equalTo(4)).body("entry[0].resource.code.coding[0].code", equalTo("72514-3"))
        .body("entry[0].resource.subject.reference", equalTo("Patient/pat-8"));
    assertThat(bundle.<List<Integer>>path("entry.resource.valueInteger")).containsExactly(6, 5, 4, 3);
    assertThat(FHIR.errors(bundle.asString())).isEmpty();
    assertThat(FHIR.errors(bundle.asString().replace("\"final\"", "\"finished\""))).as("the validator does check")
        .isNotEmpty();
  }

  @Test
  void ops_find_health_metrics_and_the_api_document() {
    given().get(management + "health/ready").then().statusCode(200).body("status", equalTo("UP"));
    given().get(management + "health/live").then().statusCode(200);
    String metrics = given().get(management + "metrics").then().statusCode(200).extract().asString();
    assertThat(metrics).contains("care_outbox_published", "care_outbox_publish_latency", "jvm_memory_used_bytes");
    String api = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
    assertThat(api).contains("/plans/{planId}/sessions", "/plans/{planId}/progress", "/plans/{planId}/observations",
        "/clinic/patients-at-risk", "\"Session\"", "application/problem+json");
  }
}
