package care.thoracic.plan.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

import ca.uhn.fhir.context.FhirContext;
import care.thoracic.contracts.Actor;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.Aggravator;
import care.thoracic.contracts.clinical.Category;
import care.thoracic.contracts.clinical.Channel;
import care.thoracic.contracts.clinical.Disposition;
import care.thoracic.contracts.clinical.ExerciseLog;
import care.thoracic.contracts.clinical.FlagCode;
import care.thoracic.contracts.clinical.FlagSource;
import care.thoracic.contracts.clinical.HistoryItem;
import care.thoracic.contracts.clinical.IntakeSymptom;
import care.thoracic.contracts.clinical.Recommendation;
import care.thoracic.contracts.clinical.ReminderKind;
import care.thoracic.contracts.clinical.SessionSymptom;
import care.thoracic.contracts.clinical.Severity;
import care.thoracic.contracts.clinical.TriageIntake;
import care.thoracic.contracts.clinical.WorkPattern;
import care.thoracic.contracts.events.RedFlagRaised;
import care.thoracic.contracts.events.ReminderFailed;
import care.thoracic.contracts.events.ReminderSent;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.contracts.events.TriageCompleted;
import care.thoracic.testkit.CareTestResource;
import care.thoracic.testkit.FhirValidation;
import care.thoracic.testkit.RequiresTestInfra;
import care.thoracic.testkit.TestEvents;
import care.thoracic.testkit.TestTriages;
import care.thoracic.testkit.Tokens;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A patient's export: what every service recorded about them, from the real broker and store, as one
 * FHIR R4 Bundle that HAPI's validator accepts (the intake checked question by question against the
 * questionnaire in the Bundle); for the patient and their clinic's admin only.
 */
@QuarkusTest
@RequiresTestInfra
@WithTestResource(value = CareTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ExportTest {
  private static final FhirContext FHIR = FhirContext.forR4();
  private static FhirValidation validation;
  private final String clinic = "clinic-" + UUID.randomUUID().toString().substring(0, 8);
  private final Tenant tenant = Tenant.of(clinic);
  private final String admin = Tokens.clinicAdmin(clinic, "admin-1");
  private final String clinician = Tokens.clinician(clinic, "dr-export");
  @Inject MongoDatabase database;

  @BeforeAll
  static void validator() {
    validation = new FhirValidation(FHIR, List.of(FhirIntake.questionnaire()));
  }

  /** A full intake: every kind of answer the questionnaire asks, a work pattern included. */
  private static TriageCompleted triage(String patient) {
    TriageCompleted plain = TestTriages.completed(UUID.randomUUID(), patient, 6,
        LocalDate.now(TestTriages.BERLIN).minusDays(12), Category.MECHANICAL, Disposition.SELF_CARE);
    TriageIntake given = plain.intake();
    TriageIntake intake = new TriageIntake(given.age(), given.timezone(), given.painScore(), given.painRegion(),
        given.onset(), given.onsetDate(), Set.of(Aggravator.SITTING, Aggravator.DESK_WORK), Set.of(HistoryItem.GERD),
        Set.of(IntakeSymptom.MORNING_STIFFNESS_OVER_30_MIN), given.redFlags(),
        new WorkPattern(7, LocalTime.of(8, 30), LocalTime.of(17, 15), false, Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY)),
        "Started after moving house.");
    return new TriageCompleted(plain.triageId(), plain.patientId(), plain.rulesVersion(), intake, plain.category(),
        plain.suspectedConditions(), plain.disposition(), plain.redFlags(), plain.reasons());
  }

  private Bundle export(String token, String patient) {
    String json = given().auth().oauth2(token).get("/patients/{id}/export", patient).then().statusCode(200)
        .contentType("application/fhir+json").header("Cache-Control", "no-store")
        .header("Content-Disposition", containsString(patient + ".fhir.json")).extract().asString();
    assertThat(validation.errors(json)).as("HAPI's validator on the export").isEmpty();
    return FHIR.newJsonParser().parseResource(Bundle.class, json);
  }

  private static <R extends Resource> List<R> all(Bundle bundle, Class<R> type) {
    return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(type::isInstance)
        .map(type::cast).toList();
  }

  @Test
  void the_export_holds_the_intake_every_plan_version_the_pain_scores_flags_and_reminders_as_valid_fhir() {
    String patient = "pat-" + UUID.randomUUID().toString().substring(0, 6);
    TriageCompleted triage = triage(patient);
    TestEvents.publish(TestTriages.asPublished(clinic, triage), "triage-service");
    String planId = await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(clinician)
        .get("/patients/{id}/plan", patient).then().extract().<String>path("planId"), id -> id != null);
    UUID plan = UUID.fromString(planId);
    SessionLogged session = new SessionLogged(UUID.randomUUID(), plan, PatientId.of(patient),
        LocalDate.now(TestTriages.BERLIN), List.of(new ExerciseLog("breathing", 3, 10, null, null)), 6, 4,
        Set.of(SessionSymptom.TINGLING), "felt looser afterwards");
    var sessionEvent = TestEvents.envelope(tenant, "session-" + session.sessionId(), 1, session, Actor.user(patient));
    TestEvents.publish(sessionEvent, "progress-service");
    TestEvents.publish(sessionEvent, "progress-service"); // redelivered: changes nothing
    ReminderSent reminder = new ReminderSent(UUID.randomUUID(), plan, PatientId.of(patient), ReminderKind.BREATHING,
        Channel.INBOX, Instant.now().minusSeconds(60), Instant.now(), 1);
    // the same delivery recorded twice (fired again after its lease ran out): another event, one reminder
    for (int recorded = 0; recorded < 2; recorded++) {
      TestEvents.publish(TestEvents.envelope(tenant, "reminder-" + reminder.reminderId(), 1, reminder,
          Actor.service("reminder-service")), "reminder-service");
    }
    ReminderFailed failed = new ReminderFailed(UUID.randomUUID(), plan, PatientId.of(patient), ReminderKind.ICE,
        Channel.WEBHOOK, Instant.now().minusSeconds(30), 3, "the webhook answered 500");
    TestEvents.publish(TestEvents.envelope(tenant, "reminder-" + failed.reminderId(), 1, failed,
        Actor.service("reminder-service")), "reminder-service");
    RedFlagRaised flag = new RedFlagRaised(UUID.randomUUID(), PatientId.of(patient), FlagCode.WORSENING_PAIN,
        Severity.HIGH, Recommendation.CLINICIAN_REVIEW, FlagSource.PROGRESS, null, plan, List.of("Pain up 3 points."));
    TestEvents.publish(TestEvents.envelope(tenant, "progress-" + plan, 1, flag, Actor.service("progress-service")),
        "progress-service");
    await().atMost(Duration.ofSeconds(20)).until(() -> "SUSPENDED".equals(given().auth().oauth2(clinician)
        .get("/plans/{id}", planId).then().extract().path("status")));
    given().auth().oauth2(clinician).contentType("application/json").header("If-Match", "\"2\"")
        .body("{\"reason\": \"Reviewed; pain is settling.\"}").post("/plans/{id}/resume", planId).then().statusCode(200);
    int planEvents = given().auth().oauth2(clinician).get("/plans/{id}/history", planId).then().extract().jsonPath()
        .getList("$").size();

    Bundle bundle = await().atMost(Duration.ofSeconds(20)).until(() -> export(Tokens.patient(clinic, patient), patient),
        b -> all(b, Flag.class).stream().anyMatch(f -> f.getStatus() == Flag.FlagStatus.INACTIVE)
            && all(b, Communication.class).size() == 2 && !all(b, Observation.class).isEmpty()
            && all(b, CarePlan.class).size() == planEvents);
    assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.COLLECTION);
    assertThat(all(bundle, org.hl7.fhir.r4.model.Patient.class)).singleElement()
        .satisfies(p -> assertThat(p.getIdPart()).isEqualTo(patient));

    QuestionnaireResponse intake = all(bundle, QuestionnaireResponse.class).getFirst();
    assertThat(all(bundle, QuestionnaireResponse.class)).hasSize(1);
    assertThat(intake.getQuestionnaire()).isEqualTo("https://care.thoracic/fhir/Questionnaire/thoracic-intake|2");
    assertThat(intake.getItem()).extracting(QuestionnaireResponse.QuestionnaireResponseItemComponent::getLinkId)
        .contains("age", "painScore", "aggravators", "history", "symptoms", "redFlags", "work", "notes");
    assertThat(intake.getItem().stream().filter(i -> i.getLinkId().equals("notes")).findFirst().orElseThrow()
        .getAnswerFirstRep().getValueStringType().getValue()).isEqualTo("Started after moving house.");
    assertThat(intake.getItem().stream().filter(i -> i.getLinkId().equals("aggravators")).findFirst().orElseThrow()
        .getAnswer()).extracting(a -> a.getValueCoding().getCode()).containsExactlyInAnyOrder("SITTING", "DESK_WORK");
    assertThat(all(bundle, org.hl7.fhir.r4.model.ClinicalImpression.class)).singleElement()
        .satisfies(c -> assertThat(c.getSummary()).contains("Mechanical", "Self care"));

    // every version of the plan, in order: started, suspended for the flag, resumed
    List<CarePlan> versions = all(bundle, CarePlan.class);
    assertThat(versions).extracting(v -> v.getMeta().getVersionId())
        .containsExactlyElementsOf(LongStream.rangeClosed(1, planEvents).mapToObj(Long::toString).toList());
    assertThat(versions).allSatisfy(v -> assertThat(v.getIdPart()).isEqualTo(planId));
    assertThat(versions).extracting(CarePlan::getStatus).containsSubsequence(CarePlan.CarePlanStatus.ONHOLD,
        CarePlan.CarePlanStatus.ACTIVE);

    List<Observation> pain = all(bundle, Observation.class);
    assertThat(pain).extracting(o -> o.getValueIntegerType().getValue()).containsExactly(6, 4);
    assertThat(pain.getLast().getNote()).extracting(n -> n.getText())
        .contains("Symptoms: Tingling.", "The patient's note: felt looser afterwards");
    assertThat(all(bundle, Flag.class)).singleElement().satisfies(f -> {
      assertThat(f.getCode().getCodingFirstRep().getCode()).isEqualTo("WORSENING_PAIN");
      assertThat(f.getCode().getText()).contains("Pain up 3 points.");
      assertThat(f.getPeriod().hasEnd()).as("resolved when the plan was resumed").isTrue();
    });
    List<Communication> communications = all(bundle, Communication.class);
    assertThat(communications).extracting(Communication::getStatus).containsExactly(
        Communication.CommunicationStatus.COMPLETED, Communication.CommunicationStatus.NOTDONE);
    assertThat(communications.getFirst().getPayloadFirstRep().getContentStringType().getValue())
        .isEqualTo(ReminderKind.BREATHING.title());
    assertThat(communications.getFirst().getBasedOnFirstRep().getIdentifier().getValue()).isEqualTo(planId);
    assertThat(versions.getFirst().getIdentifierFirstRep().getValue()).isEqualTo(planId);

    // at rest the record is sealed: the note is nowhere in the clear
    assertThat(database.getCollection("patient_records").find(Filters.eq("patientId", patient)))
        .isNotEmpty().allSatisfy(doc -> assertThat(doc.getString("payload")).startsWith("sealed:v1:")
            .doesNotContain("felt looser"));

    // the clinic's admin gets the same record; the export is on the access log
    assertThat(all(export(admin, patient), Observation.class)).hasSize(2);
    await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(admin)
        .get("/patients/{id}/access-log?size=200", patient).then().statusCode(200).extract().jsonPath()
        .<Map<String, Object>>getList("items").stream()
        .anyMatch(item -> "GET /patients/{patientId}/export".equals(item.get("resource"))));

    // erased: nothing is handed out any more, and the record is forgotten
    given().auth().oauth2(admin).contentType("application/json").body("{\"ground\": \"CONSENT_WITHDRAWN\"}")
        .post("/patients/{id}/erasure", patient).then().statusCode(200);
    for (String token : List.of(admin, Tokens.patient(clinic, patient))) {
      given().auth().oauth2(token).get("/patients/{id}/export", patient).then().statusCode(410)
          .contentType("application/problem+json");
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> database.getCollection("patient_records")
        .countDocuments(Filters.eq("patientId", patient)) == 0);
  }

  @Test
  void the_pages_of_one_export_keep_to_its_as_of_while_the_patient_logs_a_session() {
    String patient = "pat-" + UUID.randomUUID().toString().substring(0, 6);
    TestEvents.publish(TestTriages.asPublished(clinic, triage(patient)), "triage-service");
    String planId = await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(clinician)
        .get("/patients/{id}/plan", patient).then().extract().<String>path("planId"), id -> id != null);
    var first = given().auth().oauth2(admin).get("/patients/{id}/export", patient).then().statusCode(200).extract();
    String firstPage = first.headers().getValues("Link").stream().filter(link -> link.endsWith("rel=\"first\""))
        .map(link -> link.substring(1, link.indexOf('>'))).findFirst().orElseThrow();
    assertThat(firstPage).contains("asOf=").endsWith("&page=1");
    Bundle asFirstSeen = FHIR.newJsonParser().parseResource(Bundle.class, first.asString());
    assertThat(all(asFirstSeen, Observation.class)).isEmpty();

    // the patient logs a session while the pages are fetched
    SessionLogged session = new SessionLogged(UUID.randomUUID(), UUID.fromString(planId), PatientId.of(patient),
        LocalDate.now(TestTriages.BERLIN), List.of(), 5, 4, Set.of(), null);
    TestEvents.publish(TestEvents.envelope(tenant, "session-" + session.sessionId(), 1, session,
        Actor.user(patient)), "progress-service");
    await().atMost(Duration.ofSeconds(20)).until(() -> all(export(admin, patient), Observation.class).size() == 2);

    Bundle again = FHIR.newJsonParser().parseResource(Bundle.class, given().auth().oauth2(admin).get(firstPage)
        .then().statusCode(200).extract().asString());
    assertThat(all(again, Observation.class)).as("recorded after the export's asOf").isEmpty();
    assertThat(again.getIdentifier().getValue()).isEqualTo(asFirstSeen.getIdentifier().getValue());
    assertThat(again.getTimestamp()).isEqualTo(asFirstSeen.getTimestamp());
    assertThat(validation.errors(FHIR.newJsonParser().encodeResourceToString(again))).isEmpty();

    for (String asOf : List.of(Instant.now().plusSeconds(3600).toString(), "yesterday", "2026-13-01T00:00:00Z")) {
      given().auth().oauth2(admin).queryParam("asOf", asOf).get("/patients/{id}/export", patient).then()
          .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("asOf"));
    }
    // before anything was recorded about them: nothing is held as of then
    given().auth().oauth2(admin).queryParam("asOf", "2020-01-01T00:00:00Z").get("/patients/{id}/export", patient)
        .then().statusCode(404);
  }

  @Test
  void only_the_patient_and_their_clinics_admin_get_it() {
    // '_' is no character of a FHIR id: the patient is Patient/pat.x in FHIR, and still valid
    String patient = "pat_" + UUID.randomUUID().toString().substring(0, 6);
    TestEvents.publish(TestTriages.asPublished(clinic, triage(patient)), "triage-service");
    await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(admin)
        .get("/patients/{id}/export", patient).statusCode() == 200);
    assertThat(all(export(admin, patient), org.hl7.fhir.r4.model.Patient.class)).singleElement()
        .satisfies(p -> assertThat(p.getIdPart()).isEqualTo(patient.replace('_', '.')));

    given().auth().oauth2(clinician).get("/patients/{id}/export", patient).then().statusCode(403);
    given().auth().oauth2(Tokens.ops(clinic, "ops")).get("/patients/{id}/export", patient).then().statusCode(403);
    given().auth().oauth2(Tokens.patient(clinic, "pat-someone-else")).get("/patients/{id}/export", patient).then()
        .statusCode(404).contentType("application/problem+json");
    String otherClinic = "clinic-" + UUID.randomUUID().toString().substring(0, 8);
    given().auth().oauth2(Tokens.clinicAdmin(otherClinic, "admin-2")).get("/patients/{id}/export", patient).then()
        .statusCode(404);
    given().auth().oauth2(admin).get("/patients/{id}/export", "pat-nobody-here").then().statusCode(404);
    given().auth().oauth2(admin).get("/patients/{id}/export", "not a patient id!").then().statusCode(400);
    // it fits one page (pages are in FhirExportPagingTest): Link headers to the first and last, no next
    String links = String.join(", ", given().auth().oauth2(admin).get("/patients/{id}/export", patient).then()
        .statusCode(200).extract().headers().getValues("Link"));
    assertThat(links).contains("page=1>; rel=\"first\"", "page=1>; rel=\"last\"").doesNotContain("rel=\"next\"");
    given().auth().oauth2(admin).queryParam("page", 2).get("/patients/{id}/export", patient).then().statusCode(404)
        .contentType("application/problem+json");
    given().auth().oauth2(admin).queryParam("page", 0).get("/patients/{id}/export", patient).then().statusCode(400)
        .body("errors.field", hasItem("page"));
  }
}
