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
import care.thoracic.contracts.clinical.FlagCode;
import care.thoracic.contracts.clinical.FlagSource;
import care.thoracic.contracts.clinical.Recommendation;
import care.thoracic.contracts.clinical.Severity;
import care.thoracic.contracts.events.PlanEvent;
import care.thoracic.contracts.events.RedFlagRaised;
import care.thoracic.contracts.events.TriageCompleted;
import care.thoracic.eventsourcing.store.Causation;
import care.thoracic.eventsourcing.store.EventSourcedRepository;
import care.thoracic.plan.domain.CarePlan;
import care.thoracic.plan.store.OpenPlans;
import care.thoracic.plan.store.PatientPlans;
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
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * CLINICAL §8 on the real broker and store: a patient has at most one open plan; a new triage waits
 * on it for a clinician, who keeps the plan or replaces it; an urgent flag suspends the open plan.
 */
@QuarkusTest
@RequiresTestInfra
@WithTestResource(value = CareTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class OnePlanPerPatientTest {
  @Inject OpenPlans openPlans;
  @Inject PatientPlans patientPlans;
  @Inject EventSourcedRepository<CarePlan.Command, PlanEvent, CarePlan.State> carePlans;

  private static String newClinic() {
    return "clinic-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static TriageCompleted triage(String patient, Category category, Disposition disposition) {
    return TestTriages.completed(UUID.randomUUID(), patient, 6, LocalDate.now(TestTriages.BERLIN).minusDays(10),
        category, disposition);
  }

  private static Response plan(String token, UUID planId) {
    return given().auth().oauth2(token).get("/plans/{id}", planId);
  }

  private static Response awaitPlan(String token, UUID planId, String status) {
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      Response response = plan(token, planId);
      return response.statusCode() == 200 && status.equals(response.path("status"));
    });
    return plan(token, planId);
  }

  @Test
  void given_an_open_plan_when_the_patient_is_triaged_again_then_no_second_plan_starts_and_the_triage_waits_on_it() {
    String clinic = newClinic();
    String clinician = Tokens.clinician(clinic, "dr-1");
    TriageCompleted first = triage("pat-1", Category.MECHANICAL, Disposition.SELF_CARE);
    TestEvents.publish(TestTriages.asPublished(clinic, first), "triage-service");
    UUID open = CarePlan.planId(first.triageId());
    awaitPlan(clinician, open, "ACTIVE");

    TriageCompleted again = triage("pat-1", Category.STRUCTURAL, Disposition.MODIFIED_CARE);
    TestEvents.publish(TestTriages.asPublished(clinic, again), "triage-service");
    TestEvents.publish(TestTriages.asPublished(clinic, again), "triage-service"); // redelivered: recorded once
    await().atMost(Duration.ofSeconds(20)).until(() -> plan(clinician, open).<List<?>>path("retriages").size() == 1);

    Response waiting = plan(clinician, open);
    assertThat(waiting.<String>path("status")).isEqualTo("ACTIVE");
    assertThat(waiting.<String>path("retriages[0].triageId")).isEqualTo(again.triageId().toString());
    assertThat(waiting.<String>path("retriages[0].variant")).isEqualTo("STRUCTURAL");
    plan(clinician, CarePlan.planId(again.triageId())).then().statusCode(404);
    given().auth().oauth2(clinician).get("/patients/pat-1/plan").then().statusCode(200)
        .body("planId", equalTo(open.toString()));
    assertThat(openPlans.holder(Tenant.of(clinic), PatientId.of("pat-1"))).contains(open);
  }

  @Test
  void given_a_waiting_retriage_when_a_clinician_replaces_the_plan_then_the_old_one_ends_and_the_new_one_holds_the_patient() {
    String clinic = newClinic();
    String clinician = Tokens.clinician(clinic, "dr-2");
    TriageCompleted first = triage("pat-2", Category.MECHANICAL, Disposition.SELF_CARE);
    TestEvents.publish(TestTriages.asPublished(clinic, first), "triage-service");
    UUID open = CarePlan.planId(first.triageId());
    awaitPlan(clinician, open, "ACTIVE");
    TriageCompleted again = triage("pat-2", Category.STRUCTURAL, Disposition.MODIFIED_CARE);
    TestEvents.publish(TestTriages.asPublished(clinic, again), "triage-service");
    await().atMost(Duration.ofSeconds(20)).until(() -> plan(clinician, open).<List<?>>path("retriages").size() == 1);
    String etag = plan(clinician, open).header("ETag");

    String decision = "{\"decision\": \"REPLACE_PLAN\", \"reason\": \"Osteoporotic fracture risk: modified programme.\"}";
    given().auth().oauth2(Tokens.patient(clinic, "pat-2")).contentType("application/json").header("If-Match", etag)
        .body(decision).post("/plans/{id}/retriages/{triage}/decision", open, again.triageId())
        .then().statusCode(403);
    given().auth().oauth2(clinician).contentType("application/json").header("If-Match", etag)
        .body("{\"decision\": \"REPLACE_PLAN\"}").post("/plans/{id}/retriages/{triage}/decision", open, again.triageId())
        .then().statusCode(400).body("errors[0].field", equalTo("reason"));
    given().auth().oauth2(clinician).contentType("application/json").header("If-Match", etag).body(decision)
        .post("/plans/{id}/retriages/{triage}/decision", open, UUID.randomUUID()).then().statusCode(409);
    given().auth().oauth2(Tokens.clinician(newClinic(), "dr-9")).contentType("application/json")
        .header("If-Match", etag).body(decision)
        .post("/plans/{id}/retriages/{triage}/decision", open, again.triageId()).then().statusCode(404);

    given().auth().oauth2(clinician).contentType("application/json").header("If-Match", etag).body(decision)
        .post("/plans/{id}/retriages/{triage}/decision", open, again.triageId())
        .then().statusCode(200).body("status", equalTo("COMPLETED"));
    UUID replacement = CarePlan.planId(again.triageId());
    awaitPlan(clinician, replacement, "AWAITING_APPROVAL").then().body("variant", equalTo("STRUCTURAL"));
    assertThat(openPlans.holder(Tenant.of(clinic), PatientId.of("pat-2"))).contains(replacement);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(clinician)
        .get("/patients/pat-2/plan").then().statusCode(200).body("planId", equalTo(replacement.toString())));
    given().auth().oauth2(clinician).contentType("application/json").header("If-Match", etag).body(decision)
        .post("/plans/{id}/retriages/{triage}/decision", open, again.triageId()).then().statusCode(409);
  }

  @Test
  void two_triages_of_one_patient_at_once_open_one_plan_and_the_other_waits_on_it() {
    String clinic = newClinic();
    String clinician = Tokens.clinician(clinic, "dr-3");
    TriageCompleted one = triage("pat-3", Category.MECHANICAL, Disposition.SELF_CARE);
    TriageCompleted other = triage("pat-3", Category.MECHANICAL, Disposition.SELF_CARE);
    TestEvents.publishAll(List.of(TestTriages.asPublished(clinic, one), TestTriages.asPublished(clinic, other)),
        "triage-service");

    await().atMost(Duration.ofSeconds(20)).until(() -> openPlans.holder(Tenant.of(clinic), PatientId.of("pat-3"))
        .map(holder -> plan(clinician, holder).statusCode() == 200
            && plan(clinician, holder).<List<?>>path("retriages").size() == 1)
        .orElse(false));
    UUID holder = openPlans.holder(Tenant.of(clinic), PatientId.of("pat-3")).orElseThrow();
    UUID waiting = holder.equals(CarePlan.planId(one.triageId())) ? other.triageId() : one.triageId();
    assertThat(plan(clinician, holder).<String>path("retriages[0].triageId")).isEqualTo(waiting.toString());
    plan(clinician, CarePlan.planId(waiting)).then().statusCode(404);
  }

  @Test
  void an_urgent_retriage_suspends_the_open_plan_and_starts_none() {
    String clinic = newClinic();
    String clinician = Tokens.clinician(clinic, "dr-4");
    TriageCompleted first = triage("pat-4", Category.MECHANICAL, Disposition.SELF_CARE);
    TestEvents.publish(TestTriages.asPublished(clinic, first), "triage-service");
    UUID open = CarePlan.planId(first.triageId());
    awaitPlan(clinician, open, "ACTIVE");

    TriageCompleted urgent = triage("pat-4", Category.MECHANICAL, Disposition.URGENT);
    RedFlagRaised flag = new RedFlagRaised(UUID.randomUUID(), PatientId.of("pat-4"), FlagCode.CHEST_PAIN_OR_BREATHLESSNESS,
        Severity.URGENT, Recommendation.EMERGENCY_CARE, FlagSource.TRIAGE, urgent.triageId(), null,
        List.of("Chest pain spreading to the arm."));
    TestEvents.publish(TestTriages.asPublished(clinic, urgent), "triage-service");
    TestEvents.publish(TestEvents.envelope(Tenant.of(clinic), "triage-" + urgent.triageId(), 2, flag,
        Actor.service("triage-service")), "triage-service");

    awaitPlan(clinician, open, "SUSPENDED").then().body("openFlagIds[0]", equalTo(flag.flagId().toString()));
    plan(clinician, CarePlan.planId(urgent.triageId())).then().statusCode(404);
    assertThat(plan(clinician, open).<List<?>>path("retriages")).isEmpty();
  }

  @Test
  void two_triages_of_one_patient_handled_at_once_by_two_instances_open_one_plan() throws Exception {
    String clinic = newClinic();
    Tenant tenant = Tenant.of(clinic);
    for (int patient = 0; patient < 8; patient++) { // two consumers (two instances) racing, patient after patient
      PatientId id = PatientId.of("pat-race-" + patient);
      TriageCompleted one = triage(id.value(), Category.MECHANICAL, Disposition.SELF_CARE);
      TriageCompleted other = triage(id.value(), Category.MECHANICAL, Disposition.SELF_CARE);
      CyclicBarrier together = new CyclicBarrier(2);
      ExecutorService instances = Executors.newFixedThreadPool(2);
      try {
        var handled = List.of(one, other).stream().map(triage -> instances.submit(() -> {
          together.await();
          patientPlans.triaged(tenant, triage, Instant.now(), Causation.scheduled("plan-service", "test"));
          return null;
        })).toList();
        for (Future<?> done : handled) {
          done.get(30, TimeUnit.SECONDS);
        }
      } finally {
        instances.shutdownNow();
      }
      UUID holder = openPlans.holder(tenant, id).orElseThrow();
      UUID loser = holder.equals(CarePlan.planId(one.triageId())) ? CarePlan.planId(other.triageId())
          : CarePlan.planId(one.triageId());
      assertThat(carePlans.load(tenant, CarePlan.streamId(loser)).exists()).as("a second plan").isFalse();
      assertThat(CarePlan.retriages(carePlans.load(tenant, CarePlan.streamId(holder)).state())).hasSize(1);
    }
  }

  @Test
  void an_urgent_flag_read_before_the_triage_that_opens_the_plan_still_suspends_it() {
    String clinic = newClinic();
    String clinician = Tokens.clinician(clinic, "dr-5");
    TriageCompleted first = triage("pat-5", Category.MECHANICAL, Disposition.SELF_CARE);
    var firstPublished = TestTriages.asPublished(clinic, first); // completed first ...
    UUID urgentTriage = UUID.randomUUID();
    RedFlagRaised flag = new RedFlagRaised(UUID.randomUUID(), PatientId.of("pat-5"),
        FlagCode.CHEST_PAIN_OR_BREATHLESSNESS, Severity.URGENT, Recommendation.EMERGENCY_CARE, FlagSource.TRIAGE,
        urgentTriage, null, List.of("Chest pain spreading to the arm."));
    TestEvents.publish(TestEvents.envelope(Tenant.of(clinic), "triage-" + urgentTriage, 2, flag,
        Actor.service("triage-service")), "triage-service"); // ... but its urgent successor's flag is read first
    await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(clinician)
        .get("/clinic/red-flags?status=OPEN").<Integer>path("total") == 1);

    TestEvents.publish(firstPublished, "triage-service");
    awaitPlan(clinician, CarePlan.planId(first.triageId()), "SUSPENDED")
        .then().body("openFlagIds[0]", equalTo(flag.flagId().toString()));
  }

  @Test
  void a_retriage_decided_on_and_delivered_again_does_not_wait_again() {
    String clinic = newClinic();
    String clinician = Tokens.clinician(clinic, "dr-6");
    TriageCompleted first = triage("pat-6", Category.MECHANICAL, Disposition.SELF_CARE);
    TestEvents.publish(TestTriages.asPublished(clinic, first), "triage-service");
    UUID open = CarePlan.planId(first.triageId());
    awaitPlan(clinician, open, "ACTIVE");
    TriageCompleted again = triage("pat-6", Category.MECHANICAL, Disposition.SELF_CARE);
    var againPublished = TestTriages.asPublished(clinic, again);
    TestEvents.publish(againPublished, "triage-service");
    await().atMost(Duration.ofSeconds(20)).until(() -> plan(clinician, open).<List<?>>path("retriages").size() == 1);
    given().auth().oauth2(clinician).contentType("application/json").header("If-Match", plan(clinician, open)
        .header("ETag")).body("{\"decision\": \"KEEP_PLAN\", \"reason\": \"Same strain.\"}")
        .post("/plans/{id}/retriages/{triage}/decision", open, again.triageId()).then().statusCode(200);

    TestEvents.publish(againPublished, "triage-service"); // a consumer group reset, a dead letter replayed
    TriageCompleted third = triage("pat-6", Category.MECHANICAL, Disposition.SELF_CARE); // after it, in order
    TestEvents.publish(TestTriages.asPublished(clinic, third), "triage-service");
    await().atMost(Duration.ofSeconds(20)).until(() -> plan(clinician, open).<List<?>>path("retriages").size() >= 1);
    assertThat(plan(clinician, open).<List<String>>path("retriages.triageId"))
        .containsExactly(third.triageId().toString());
  }
}
