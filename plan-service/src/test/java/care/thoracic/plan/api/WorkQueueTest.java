package care.thoracic.plan.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.Category;
import care.thoracic.contracts.clinical.Disposition;
import care.thoracic.contracts.clinical.FlagCode;
import care.thoracic.contracts.clinical.FlagSource;
import care.thoracic.contracts.clinical.Recommendation;
import care.thoracic.contracts.clinical.Severity;
import care.thoracic.contracts.clinical.WorkItemKind;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.RedFlagRaised;
import care.thoracic.contracts.events.Topic;
import care.thoracic.contracts.events.WorkItemEscalated;
import care.thoracic.contracts.events.WorkQueueDeadlinesSet;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.eventsourcing.time.AdjustableClock;
import care.thoracic.plan.domain.CarePlan;
import care.thoracic.plan.jobs.PhaseReviews;
import care.thoracic.plan.jobs.WorkItemEscalations;
import care.thoracic.plan.store.WorkQueue;
import care.thoracic.testkit.CareTestResource;
import care.thoracic.testkit.RequiresTestInfra;
import care.thoracic.testkit.TestEvents;
import care.thoracic.testkit.TestTriages;
import care.thoracic.testkit.Tokens;
import com.mongodb.client.MongoDatabase;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * CLINICAL §8's work queue on the real broker and store: what waits for a clinician, in order,
 * acknowledged by name, escalated when nobody does by the clinic's deadline.
 */
@QuarkusTest
@RequiresTestInfra
@WithTestResource(value = CareTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class WorkQueueTest {
  @Inject PhaseReviews phaseReviews;
  @Inject WorkItemEscalations escalations;
  @Inject AdjustableClock clock;
  @Inject PatientPayloads payloads;
  @Inject MongoDatabase database;

  private static String newClinic() {
    return "clinic-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A flag raised at triage, for a patient with no plan: it waits in the queue and suspends nothing. */
  private static UUID triageFlag(String clinic, String patient, Severity severity) {
    UUID triageId = UUID.randomUUID();
    RedFlagRaised flag = new RedFlagRaised(UUID.randomUUID(), PatientId.of(patient), FlagCode.SIGNIFICANT_TRAUMA,
        severity, Recommendation.IMAGING, FlagSource.TRIAGE, triageId, null, List.of("Fall from a ladder."));
    TestEvents.publish(TestEvents.envelope(Tenant.of(clinic), "triage-" + triageId, 2, flag,
        Actor.service("triage-service")), "triage-service");
    return WorkQueue.flagItem(flag.flagId());
  }

  private static UUID triaged(String clinic, String patient, Category category, Disposition disposition) {
    UUID triageId = UUID.randomUUID();
    TestEvents.publish(TestTriages.asPublished(clinic, TestTriages.completed(triageId, patient, 6,
        LocalDate.now(TestTriages.BERLIN).minusDays(10), category, disposition)), "triage-service");
    return CarePlan.planId(triageId);
  }

  private static Response queue(String token, String query) {
    return given().auth().oauth2(token).get("/clinic/work-queue" + query);
  }

  private static Response acknowledge(String token, UUID itemId) {
    return given().auth().oauth2(token).post("/clinic/work-queue/{id}/acknowledgement", itemId);
  }

  @Test
  void the_queue_puts_unacknowledged_urgent_flags_first_and_keeps_an_acknowledgement_by_name() {
    String clinic = newClinic();
    String clinician = Tokens.clinician(clinic, "dr-1");
    UUID moderate = triageFlag(clinic, "pat-m", Severity.MODERATE);
    UUID high = triageFlag(clinic, "pat-h", Severity.HIGH);
    UUID urgent = triageFlag(clinic, "pat-u", Severity.URGENT);
    UUID awaiting = triaged(clinic, "pat-s", Category.STRUCTURAL, Disposition.MODIFIED_CARE);
    await().atMost(Duration.ofSeconds(20)).until(() -> queue(clinician, "").<Integer>path("total") == 4);

    Response first = queue(clinician, "");
    assertThat(first.<List<String>>path("items.kind")).startsWith("URGENT_RED_FLAG", "HIGH_RED_FLAG")
        .containsExactlyInAnyOrder("URGENT_RED_FLAG", "HIGH_RED_FLAG", "MODERATE_RED_FLAG", "APPROVAL");
    assertThat(first.<String>path("items[0].itemId")).isEqualTo(urgent.toString());
    Instant opened = Instant.parse(first.path("items[0].openedAt"));
    assertThat(Instant.parse(first.<String>path("items[0].deadline"))).isEqualTo(opened.plus(Duration.ofMinutes(15)));
    assertThat(queue(clinician, "?kind=MODERATE_RED_FLAG").<List<String>>path("items.itemId"))
        .containsExactly(moderate.toString());
    queue(clinician, "?page=1&size=3").then().statusCode(200).body("items.size()", equalTo(1))
        .body("total", equalTo(4));

    acknowledge(clinician, urgent).then().statusCode(200).body("acknowledgedBy", equalTo("dr-1"))
        .body("status", equalTo("OPEN")).body("nextEscalationAt", equalTo(null));
    acknowledge(Tokens.clinician(clinic, "dr-2"), urgent).then().statusCode(200)
        .body("acknowledgedBy", equalTo("dr-1")); // the first acknowledgement stands
    Response after = queue(clinician, "");
    assertThat(after.<String>path("items[0].itemId")).isEqualTo(high.toString());
    assertThat(after.<String>path("items[3].itemId")).as("acknowledged: after everything still waiting")
        .isEqualTo(urgent.toString());
    assertThat(queue(clinician, "?acknowledged=false").<Integer>path("total")).isEqualTo(3);

    // approving the plan settles its approval item, which then cannot be acknowledged
    Response plan = given().auth().oauth2(clinician).get("/plans/{id}", awaiting);
    given().auth().oauth2(clinician).contentType("application/json").header("If-Match", plan.header("ETag"))
        .body("{\"reason\": \"Imaging reviewed.\"}").post("/plans/{id}/approve", awaiting).then().statusCode(200);
    UUID approval = WorkQueue.approvalItem(awaiting);
    await().atMost(Duration.ofSeconds(20)).until(() -> "CLOSED".equals(given().auth().oauth2(clinician)
        .get("/clinic/work-queue/{id}", approval).path("status")));
    given().auth().oauth2(clinician).get("/clinic/work-queue/{id}", approval).then()
        .body("closedBecause", equalTo("approved"));
    acknowledge(clinician, approval).then().statusCode(409).contentType("application/problem+json");
    assertThat(queue(clinician, "").<Integer>path("total")).isEqualTo(3);
  }

  @Test
  void another_clinic_a_patient_and_bad_parameters_get_nothing_of_the_queue() {
    String clinic = newClinic();
    UUID item = triageFlag(clinic, "pat-1", Severity.HIGH);
    String clinician = Tokens.clinician(clinic, "dr-1");
    await().atMost(Duration.ofSeconds(20)).until(() -> queue(clinician, "").<Integer>path("total") == 1);

    String stranger = Tokens.clinician(newClinic(), "dr-9");
    queue(stranger, "").then().statusCode(200).body("total", equalTo(0));
    given().auth().oauth2(stranger).get("/clinic/work-queue/{id}", item).then().statusCode(404);
    acknowledge(stranger, item).then().statusCode(404);
    queue(Tokens.patient(clinic, "pat-1"), "").then().statusCode(403);
    acknowledge(Tokens.patient(clinic, "pat-1"), item).then().statusCode(403);
    given().get("/clinic/work-queue").then().statusCode(401);
    queue(clinician, "?kind=EVERYTHING").then().statusCode(400).body("errors[0].field", equalTo("kind"));
    queue(clinician, "?acknowledged=maybe").then().statusCode(400).body("errors[0].field", equalTo("acknowledged"));
    given().auth().oauth2(clinician).get("/clinic/work-queue/not-a-uuid").then().statusCode(400);
    given().auth().oauth2(clinician).get("/clinic/work-queue/{id}", item).then().statusCode(200)
        .body("acknowledgedBy", equalTo(null));
  }

  @Test
  void a_clinic_admin_sets_the_deadlines_within_bounds_and_open_items_follow_them_at_once() {
    String clinic = newClinic();
    UUID item = triageFlag(clinic, "pat-1", Severity.HIGH);
    String admin = Tokens.clinicAdmin(clinic, "admin-1");
    await().atMost(Duration.ofSeconds(20)).until(() -> queue(admin, "").<Integer>path("total") == 1);
    given().auth().oauth2(admin).get("/clinic/settings/work-queue").then().statusCode(200)
        .body("deadlines.HIGH_RED_FLAG", equalTo("PT24H")).body("deadlines.RE_TRIAGED", equalTo("PT72H"))
        .body("setByClinic.size()", equalTo(0));

    String faster = "{\"deadlines\": {\"HIGH_RED_FLAG\": \"PT1H\"}, \"reason\": \"Two clinicians on call.\"}";
    given().auth().oauth2(Tokens.clinician(clinic, "dr-1")).contentType("application/json").body(faster)
        .put("/clinic/settings/work-queue").then().statusCode(403);
    given().auth().oauth2(admin).contentType("application/json")
        .body("{\"deadlines\": {\"URGENT_RED_FLAG\": \"PT30S\", \"APPROVAL\": \"P31D\"}, \"reason\": \"x\"}")
        .put("/clinic/settings/work-queue").then().statusCode(400)
        .body("errors.field", hasItem("deadlines.URGENT_RED_FLAG")).body("errors.field", hasItem("deadlines.APPROVAL"));
    given().auth().oauth2(admin).contentType("application/json")
        .body("{\"deadlines\": {\"NOPE\": \"PT1H\"}, \"reason\": \"x\"}")
        .put("/clinic/settings/work-queue").then().statusCode(400);
    for (String bad : List.of("\"soon\"", "3600", "null", "\"-PT1H\"", "{}")) {
      given().auth().oauth2(admin).contentType("application/json")
          .body("{\"deadlines\": {\"APPROVAL\": " + bad + "}, \"reason\": \"x\"}")
          .put("/clinic/settings/work-queue").then().statusCode(400).body("errors[0].field", equalTo("deadlines.APPROVAL"));
    }
    given().auth().oauth2(admin).contentType("application/json").body("{\"deadlines\": {}, \"reason\": \"x\"}")
        .put("/clinic/settings/work-queue").then().statusCode(400).body("errors[0].field", equalTo("deadlines"));
    for (String noReason : List.of("", ", \"reason\": \"  \"", ", \"reason\": \"" + "r".repeat(501) + "\"")) {
      given().auth().oauth2(admin).contentType("application/json")
          .body("{\"deadlines\": {\"APPROVAL\": \"P2D\"}" + noReason + "}")
          .put("/clinic/settings/work-queue").then().statusCode(400).body("errors.field", hasItem("reason"));
    }
    given().auth().oauth2(admin).get("/clinic/settings/work-queue").then().body("setByClinic.size()", equalTo(0));

    given().auth().oauth2(admin).contentType("application/json").body(faster).put("/clinic/settings/work-queue")
        .then().statusCode(200).body("deadlines.HIGH_RED_FLAG", equalTo("PT1H"))
        .body("setByClinic", equalTo(List.of("HIGH_RED_FLAG"))).body("updatedBy", equalTo("admin-1"))
        .body("reason", equalTo("Two clinicians on call."));
    Response listed = given().auth().oauth2(admin).get("/clinic/work-queue/{id}", item);
    assertThat(Instant.parse(listed.<String>path("deadline")))
        .isEqualTo(Instant.parse(listed.<String>path("openedAt")).plus(Duration.ofHours(1)));
    given().auth().oauth2(Tokens.clinicAdmin(newClinic(), "admin-9")).get("/clinic/settings/work-queue").then()
        .body("deadlines.HIGH_RED_FLAG", equalTo("PT24H"));

    // the setting is an event with who and why, on care.clinic.v1 keyed by the clinic
    EventEnvelope<CareEvent> recorded = await().atMost(Duration.ofSeconds(20)).until(() ->
        TestEvents.published(Topic.CLINIC, Tenant.of(clinic), payloads), events -> events.size() == 1).getFirst();
    assertThat(recorded.event()).isEqualTo(new WorkQueueDeadlinesSet(
        List.of(new WorkQueueDeadlinesSet.Deadline(WorkItemKind.HIGH_RED_FLAG, "PT1H")), "Two clinicians on call."));
    assertThat(recorded.metadata().actor().id()).isEqualTo("admin-1");
  }

  @Test
  void the_queue_takes_its_new_order_when_the_admin_sets_new_deadlines() {
    String clinic = newClinic();
    String admin = Tokens.clinicAdmin(clinic, "admin-1");
    UUID moderate = triageFlag(clinic, "pat-m", Severity.MODERATE);
    await().atMost(Duration.ofSeconds(20)).until(() -> queue(admin, "").<Integer>path("total") == 1);
    UUID approval = WorkQueue.approvalItem(triaged(clinic, "pat-s", Category.STRUCTURAL, Disposition.MODIFIED_CARE));
    await().atMost(Duration.ofSeconds(20)).until(() -> queue(admin, "").<Integer>path("total") == 2);
    assertThat(queue(admin, "").<List<String>>path("items.itemId")).as("same deadline: the older first")
        .containsExactly(moderate.toString(), approval.toString());

    given().auth().oauth2(admin).contentType("application/json")
        .body("{\"deadlines\": {\"APPROVAL\": \"PT1H\"}, \"reason\": \"Approvals within the hour.\"}")
        .put("/clinic/settings/work-queue").then().statusCode(200);
    assertThat(queue(admin, "").<List<String>>path("items.itemId")).as("the approval is due first now")
        .containsExactly(approval.toString(), moderate.toString());
  }

  @Test
  void deadlines_a_clinic_set_before_settings_were_events_still_apply_until_it_sets_them_again() {
    String clinic = newClinic();
    String admin = Tokens.clinicAdmin(clinic, "admin-1");
    // the document the service wrote before: who and when, no reason, and a kind a later version added
    database.getCollection("clinic_settings").insertOne(new Document("_id", clinic).append("tenant", clinic)
        .append("workQueueDeadlines", new Document("APPROVAL", "P2D").append("SOMETHING_LATER", "PT1H"))
        .append("updatedBy", "admin-0").append("updatedAt", Date.from(Instant.parse("2026-11-20T10:00:00Z"))));
    given().auth().oauth2(admin).get("/clinic/settings/work-queue").then().statusCode(200)
        .body("deadlines.APPROVAL", equalTo("PT48H")).body("setByClinic", equalTo(List.of("APPROVAL")))
        .body("updatedBy", equalTo("admin-0")).body("reason", equalTo(null));
    given().auth().oauth2(admin).contentType("application/json")
        .body("{\"deadlines\": {\"APPROVAL\": \"P1D\"}, \"reason\": \"Faster approvals.\"}")
        .put("/clinic/settings/work-queue").then().statusCode(200).body("deadlines.APPROVAL", equalTo("PT24H"))
        .body("updatedBy", equalTo("admin-1")).body("reason", equalTo("Faster approvals."));
  }

  @Test
  void a_second_hold_in_a_row_reaches_the_queue_and_is_escalated_at_each_deadline_until_acknowledged() {
    String clinic = newClinic();
    String clinician = Tokens.clinician(clinic, "dr-1");
    UUID idle = triaged(clinic, "pat-idle", Category.MECHANICAL, Disposition.SELF_CARE);
    await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(clinician).get("/clinic/plans")
        .<Integer>path("total") == 1); // the reviews find due plans in the clinic's list
    Duration before = clock.offset();
    try {
      clock.setOffset(before.plus(Duration.ofDays(14)));
      phaseReviews.reviewDuePlans(); // no sessions: held
      given().auth().oauth2(clinician).get("/plans/{id}", idle).then().body("consecutiveHolds", equalTo(1));
      assertThat(queue(clinician, "").<Integer>path("total")).as("one hold asks nobody").isZero();
      clock.setOffset(before.plus(Duration.ofDays(21)));
      phaseReviews.reviewDuePlans(); // held again: a clinician should look
      await().atMost(Duration.ofSeconds(20)).until(() -> queue(clinician, "?kind=REVIEW_REQUEST")
          .<Integer>path("total") == 1);
      UUID review = UUID.fromString(queue(clinician, "").path("items[0].itemId"));
      assertThat(queue(clinician, "").<String>path("items[0].planId")).isEqualTo(idle.toString());

      clock.setOffset(before.plus(Duration.ofDays(24)).plusMinutes(1)); // the 3-day deadline passed
      escalations.escalateOverdue();
      escalations.escalateOverdue(); // a second run, or another instance: the same level once
      given().auth().oauth2(clinician).get("/clinic/work-queue/{id}", review).then().body("escalations", equalTo(1))
          .body("overdue", equalTo(true));
      clock.setOffset(before.plus(Duration.ofDays(27)).plusMinutes(1)); // and the next one
      escalations.escalateOverdue();
      given().auth().oauth2(clinician).get("/clinic/work-queue/{id}", review).then().body("escalations", equalTo(2));
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(TestEvents.published(Topic.WORK_ITEM,
          Tenant.of(clinic), payloads)).extracting(envelope -> ((WorkItemEscalated) envelope.event()).level())
          .containsExactly(1, 2));

      acknowledge(clinician, review).then().statusCode(200).body("acknowledgedBy", equalTo("dr-1"));
      clock.setOffset(before.plus(Duration.ofDays(40)));
      escalations.escalateOverdue();
      given().auth().oauth2(clinician).get("/clinic/work-queue/{id}", review).then().body("escalations", equalTo(2))
          .body("status", equalTo("OPEN")); // acknowledged, not settled: the phase decision still waits
    } finally {
      clock.setOffset(before);
    }
  }
}
