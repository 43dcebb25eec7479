package care.thoracic.triage.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.DefaultWorkDaysSet;
import care.thoracic.contracts.events.Topic;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.testkit.CareTestResource;
import care.thoracic.testkit.RequiresTestInfra;
import care.thoracic.testkit.TestEvents;
import care.thoracic.testkit.Tokens;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@RequiresTestInfra
@WithTestResource(value = CareTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class TriageApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String clinic = "clinic-" + UUID.randomUUID().toString().substring(0, 8);
  private final String patient = "pat-" + UUID.randomUUID().toString().substring(0, 8);
  private final String clinician = Tokens.clinician(clinic, "dr-ada");

  @Inject MongoDatabase database;
  @Inject PatientPayloads payloads;

  @Test
  void a_patient_is_triaged_and_reads_the_decision_with_its_reasons() {
    String location = given().auth().oauth2(Tokens.patient(clinic, patient)).contentType("application/json")
        .body(intake()).post("/triage").then()
        .statusCode(201)
        .header("Location", matchesPattern(".*/triage/[0-9a-f-]{36}"))
        .body("patientId", equalTo(patient))
        .body("category", equalTo("MECHANICAL"))
        .body("disposition", equalTo("SELF_CARE"))
        .body("suspectedConditions", equalTo(List.of("POSTURAL_STRAIN")))
        .body("redFlags", hasSize(0))
        .body("rulesVersion", equalTo("triage-rules-2026.11"))
        .body("reasons", hasItem("You can start your exercise plan now."))
        .extract().header("Location");

    given().auth().oauth2(Tokens.patient(clinic, patient)).get(location).then()
        .statusCode(200).body("disposition", equalTo("SELF_CARE")).body("intake.painScore", equalTo(5));
    given().auth().oauth2(clinician).get(location).then().statusCode(200);
  }

  @Test
  void a_clinician_triages_for_a_patient_and_lists_the_patients_triages_newest_first() {
    post(clinician, intake()).statusCode(201);
    post(clinician, with(intake(), i -> ((ObjectNode) i.get("redFlags")).put("significantTrauma", true)))
        .statusCode(201).body("disposition", equalTo("URGENT"))
        .body("redFlags[0].code", equalTo("SIGNIFICANT_TRAUMA"))
        .body("redFlags[0].severity", equalTo("URGENT"))
        .body("redFlags[0].recommendation", equalTo("EMERGENCY_CARE"));

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        given().auth().oauth2(Tokens.patient(clinic, patient)).get("/patients/{id}/triage", patient).then()
            .statusCode(200).body("disposition", equalTo(List.of("URGENT", "SELF_CARE"))));
  }

  @Test
  void a_retry_with_the_same_key_and_intake_answers_the_first_triage_and_records_nothing_new() {
    String key = UUID.randomUUID().toString();
    String location = keyed(clinician, key, intake()).statusCode(201).header(TriageResource.REPLAYED, nullValue())
        .extract().header("Location");
    long stored = storedEvents();
    // the same intake written differently (fields reordered, sets in another order) is the same intake
    ObjectNode reordered = with(intake(), i -> i.putArray("aggravators").add("DESK_WORK").add("SITTING"));
    keyed(clinician, "\"" + key + "\"", reordered).statusCode(201).header("Location", equalTo(location))
        .header(TriageResource.REPLAYED, "true").body("disposition", equalTo("SELF_CARE"));
    assertThat(storedEvents()).isEqualTo(stored);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        given().auth().oauth2(clinician).get("/patients/{id}/triage", patient).then().statusCode(200)
            .body("$", hasSize(1)));
    given().get("/q/openapi?format=json").then().statusCode(200)
        .body("paths.'/triage'.post.parameters.name", hasItem("Idempotency-Key"))
        .body("paths.'/triage'.post.responses.'422'.description", containsString("Idempotency-Key"));
  }

  @Test
  void the_same_key_with_another_intake_is_a_422_naming_the_header_and_changes_nothing() {
    String key = UUID.randomUUID().toString();
    keyed(clinician, key, intake()).statusCode(201);
    long stored = storedEvents();
    keyed(clinician, key, with(intake(), i -> i.put("painScore", 6))).statusCode(422)
        .contentType("application/problem+json")
        .body("type", equalTo("https://care.thoracic/problems/idempotency-key-reused"))
        .body("errors[0].field", equalTo("Idempotency-Key"));
    keyed(clinician, key, with(intake(), i -> i.put("patientId", "pat-someone-else"))).statusCode(422);
    assertThat(storedEvents()).isEqualTo(stored);
  }

  @Test
  void a_key_is_the_callers_own_another_caller_using_it_triages_afresh() {
    String key = UUID.randomUUID().toString();
    String byClinician = keyed(clinician, key, intake()).statusCode(201).extract().header("Location");
    String byPatient = keyed(Tokens.patient(clinic, patient), key, intake()).statusCode(201)
        .header(TriageResource.REPLAYED, nullValue()).extract().header("Location");
    assertThat(byPatient).isNotEqualTo(byClinician);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"", "  ", "two words", "\"\"", "back\\slash", "quote\"inside"})
  void an_unusable_key_is_refused_by_name_and_nothing_is_stored(String key) {
    keyed(clinician, key, intake()).statusCode(400).contentType("application/problem+json")
        .body("errors[0].field", equalTo("Idempotency-Key"));
    assertNothingStored();
  }

  @Test
  void work_days_are_kept_monday_to_friday_when_left_out_and_an_empty_list_is_refused_by_name() {
    post(clinician, with(intake(), i -> ((ObjectNode) i.get("work")).putArray("days").add("SATURDAY").add("SUNDAY")))
        .statusCode(201).body("intake.work.days", equalTo(List.of("SATURDAY", "SUNDAY")));
    post(clinician, intake()).statusCode(201)
        .body("intake.work.days", equalTo(List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY")));
    long stored = storedEvents();
    invalid(with(intake(), i -> ((ObjectNode) i.get("work")).putArray("days"))).body("errors[0].field", equalTo("work.days"));
    invalid(with(intake(), i -> ((ObjectNode) i.get("work")).putArray("days").add("FUNDAY")))
        .body("errors[0].field", containsString("work.days"));
    invalid(with(intake(), i -> ((ObjectNode) i.get("work")).putArray("days").addNull()))
        .body("errors[0].field", containsString("work.days"));
    assertThat(storedEvents()).isEqualTo(stored);
  }

  @Test
  void intakes_naming_no_work_days_get_the_clinics_and_each_change_is_recorded_with_who_and_why() {
    String admin = Tokens.clinicAdmin(clinic, "admin-1");
    List<String> weekdays = List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY");
    List<String> sixDays = List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY");
    given().auth().oauth2(admin).get("/clinic/settings/work-days").then().statusCode(200)
        .body("setByClinic", equalTo(false)).body("days", equalTo(weekdays));
    given().auth().oauth2(admin).contentType("application/json")
        .body(Map.of("days", List.of("SATURDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"),
            "reason", "Our patients work six days a week."))
        .put("/clinic/settings/work-days").then().statusCode(200).body("setByClinic", equalTo(true))
        .body("days", equalTo(sixDays)).body("platformDays", equalTo(weekdays)).body("setBy", equalTo("admin-1"))
        .body("reason", equalTo("Our patients work six days a week."));

    post(clinician, intake()).statusCode(201).body("intake.work.days", equalTo(sixDays));
    post(clinician, with(intake(), i -> ((ObjectNode) i.get("work")).putArray("days").add("SUNDAY")))
        .statusCode(201).body("intake.work.days", equalTo(List.of("SUNDAY")));
    DefaultWorkDaysSet recorded = await().atMost(Duration.ofSeconds(20)).until(() ->
        TestEvents.published(Topic.CLINIC, Tenant.of(clinic), payloads), events -> events.size() == 1)
        .getFirst().as(DefaultWorkDaysSet.class).event();
    assertThat(recorded.days()).hasSize(6).doesNotContain(DayOfWeek.SUNDAY);

    long stored = storedEvents();
    for (String[] bad : List.of(
        new String[] {"{\"days\": [], \"reason\": \"x\"}", "days"},
        new String[] {"{\"days\": [\"FUNDAY\"], \"reason\": \"x\"}", "days"},
        new String[] {"{\"days\": [null], \"reason\": \"x\"}", "days"},
        new String[] {"{\"days\": [\"MONDAY\"]}", "reason"},
        new String[] {"{\"days\": [\"MONDAY\"], \"reason\": \"x\", \"quietHours\": {}}", "quietHours"})) {
      given().auth().oauth2(admin).contentType("application/json").body(bad[0]).put("/clinic/settings/work-days")
          .then().statusCode(400).contentType("application/problem+json")
          .body("errors[0].field", containsString(bad[1]));
    }
    for (String token : List.of(clinician, Tokens.patient(clinic, patient), Tokens.ops(clinic, "ops"))) {
      given().auth().oauth2(token).contentType("application/json").body(Map.of("reason", "x"))
          .put("/clinic/settings/work-days").then().statusCode(403);
    }
    given().auth().oauth2(Tokens.patient(clinic, patient)).get("/clinic/settings/work-days").then().statusCode(403);
    given().auth().oauth2(Tokens.clinicAdmin("clinic-" + UUID.randomUUID().toString().substring(0, 8), "admin-9"))
        .get("/clinic/settings/work-days").then().statusCode(200).body("setByClinic", equalTo(false));
    assertThat(storedEvents()).isEqualTo(stored);

    given().auth().oauth2(admin).contentType("application/json").body(Map.of("reason", "Back to the usual week."))
        .put("/clinic/settings/work-days").then().statusCode(200).body("setByClinic", equalTo(false))
        .body("days", equalTo(weekdays));
    post(clinician, intake()).statusCode(201).body("intake.work.days", equalTo(weekdays));
  }

  @Test
  void the_patients_own_words_are_kept_with_the_intake_blank_is_none_and_too_long_is_refused_by_name() {
    post(clinician, with(intake(), i -> i.put("notes", "  Worse after long drives.\n")))
        .statusCode(201).body("intake.notes", equalTo("Worse after long drives."))
        .body("disposition", equalTo("SELF_CARE"));
    post(clinician, with(intake(), i -> i.put("notes", "   "))).statusCode(201).body("intake.notes", nullValue());
    long stored = storedEvents();
    invalid(with(intake(), i -> i.put("notes", "n".repeat(2001)))).body("errors[0].field", equalTo("notes"));
    invalid(with(intake(), i -> i.put("notes", 42))).body("errors[0].field", equalTo("notes"));
    assertThat(storedEvents()).isEqualTo(stored);
  }

  @Test
  void a_key_longer_than_255_characters_is_refused() {
    keyed(clinician, "k".repeat(256), intake()).statusCode(400).body("errors[0].field", equalTo("Idempotency-Key"));
    keyed(clinician, "k".repeat(255), intake()).statusCode(201);
  }

  @Test
  void retries_racing_with_one_key_make_one_triage() throws Exception {
    String key = UUID.randomUUID().toString();
    List<Callable<String>> attempts = Collections.nCopies(8,
        () -> keyed(clinician, key, intake()).statusCode(201).extract().header("Location"));
    try (var pool = Executors.newFixedThreadPool(8)) {
      List<String> locations = new ArrayList<>();
      for (var answer : pool.invokeAll(attempts)) {
        locations.add(answer.get());
      }
      assertThat(locations).hasSize(8).containsOnly(locations.getFirst());
    }
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        given().auth().oauth2(clinician).get("/patients/{id}/triage", patient).then().statusCode(200)
            .body("$", hasSize(1)));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"fevr", "painScroe"})
  void a_misspelt_field_is_refused_by_name_and_nothing_is_stored(String misspelt) {
    ObjectNode body = intake();
    if (misspelt.equals("fevr")) {
      ObjectNode flags = (ObjectNode) body.get("redFlags");
      flags.remove("fever");
      flags.put("fevr", true);
    } else {
      body.set("painScroe", body.remove("painScore"));
    }
    invalid(body).body("errors.field", hasItem(misspelt.equals("fevr") ? "redFlags.fevr" : "painScroe"))
        .body("errors[0].message", startsWith("unknown field"));
    assertNothingStored();
  }

  @Test
  void a_missing_red_flag_answer_is_refused_by_name() {
    invalid(with(intake(), i -> ((ObjectNode) i.get("redFlags")).remove("chestPainOrBreathlessness")))
        .body("errors.field", equalTo(List.of("redFlags.chestPainOrBreathlessness")));
    assertNothingStored();
  }

  @Test
  void an_unknown_enum_value_is_refused_by_name() {
    invalid(with(intake(), i -> i.put("onset", "SLOWLY"))).body("errors[0].field", equalTo("onset"));
    invalid(with(intake(), i -> i.withArray("aggravators").add("JUGGLING"))).body("errors[0].field", equalTo("aggravators[2]"));
    assertNothingStored();
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 11})
  void a_pain_score_outside_0_to_10_is_refused(int pain) {
    invalid(with(intake(), i -> i.put("painScore", pain))).body("errors.field", equalTo(List.of("painScore")));
    assertNothingStored();
  }

  @Test
  void an_invalid_zone_is_refused() {
    invalid(with(intake(), i -> i.put("timezone", "Mars/Olympus_Mons"))).body("errors.field", equalTo(List.of("timezone")));
    assertNothingStored();
  }

  @Test
  void an_invalid_or_reversed_thoracic_range_is_refused() {
    invalid(with(intake(), i -> ((ObjectNode) i.get("painRegion")).put("to", "T13")))
        .body("errors[0].field", equalTo("painRegion.to"));
    invalid(with(intake(), i -> ((ObjectNode) i.get("painRegion")).put("from", "T9").put("to", "T2")))
        .body("errors.field", equalTo(List.of("painRegion")));
    assertNothingStored();
  }

  @Test
  void an_onset_in_the_future_and_an_age_out_of_range_are_refused() {
    invalid(with(intake(), i -> i.put("onsetDate", "2999-01-01"))).body("errors.field", equalTo(List.of("onsetDate")));
    invalid(with(intake(), i -> i.put("age", 4))).body("errors.field", equalTo(List.of("age")));
    assertNothingStored();
  }

  @Test
  void no_token_is_401_and_a_wrong_role_is_403() {
    given().contentType("application/json").body(intake().toString()).post("/triage").then()
        .statusCode(401).contentType("application/problem+json");
    post(Tokens.ops(clinic, "op-1"), intake()).statusCode(403).contentType("application/problem+json");
    assertNothingStored();
  }

  @Test
  void a_patient_cannot_submit_for_another_patient() {
    post(Tokens.patient(clinic, "pat-someone-else"), intake()).statusCode(403)
        .body("detail", containsString("own intake"));
    assertNothingStored();
  }

  @Test
  void another_clinic_or_another_patient_gets_404() {
    String location = post(clinician, intake()).statusCode(201).extract().header("Location");
    given().auth().oauth2(Tokens.clinician("clinic-elsewhere", "dr-bob")).get(location).then()
        .statusCode(404).contentType("application/problem+json");
    given().auth().oauth2(Tokens.patient(clinic, "pat-nosy")).get(location).then().statusCode(404);
    given().auth().oauth2(Tokens.patient(clinic, "pat-nosy")).get("/patients/{id}/triage", patient).then()
        .statusCode(404);
    given().auth().oauth2(Tokens.clinician("clinic-elsewhere", "dr-bob")).get("/patients/{id}/triage", patient).then()
        .statusCode(200).body("$", hasSize(0));
    given().auth().oauth2(clinician).get("/triage/{id}", UUID.randomUUID()).then().statusCode(404);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"SELF_CARE", "MODIFIED_CARE", "REFER", "URGENT"})
  void each_openapi_example_intake_gets_the_disposition_it_is_named_for(String disposition) throws Exception {
    String example = switch (disposition) {
      case "SELF_CARE" -> OpenApiExamples.SELF_CARE;
      case "MODIFIED_CARE" -> OpenApiExamples.MODIFIED_CARE;
      case "REFER" -> OpenApiExamples.REFER;
      default -> OpenApiExamples.URGENT;
    };
    ObjectNode body = (ObjectNode) JSON.readTree(example);
    given().auth().oauth2(Tokens.clinician(clinic, "dr-ada")).contentType("application/json").body(body.toString())
        .post("/triage").then().statusCode(201).body("disposition", equalTo(disposition));
    given().get("/q/openapi?format=json").then().statusCode(200)
        .body(containsString("\"" + disposition + "\"")).body(containsString("/patients/{patientId}/triage"));
  }

  private ValidatableResponse post(String token, ObjectNode body) {
    return given().auth().oauth2(token).contentType("application/json").body(body.toString()).post("/triage").then();
  }

  private ValidatableResponse keyed(String token, String key, ObjectNode body) {
    return given().auth().oauth2(token).header("Idempotency-Key", key).contentType("application/json")
        .body(body.toString()).post("/triage").then();
  }

  /** The clinic's triage commits; access records, which every request that reached a patient leaves, aside. */
  private long storedEvents() {
    return database.getCollection(EventStore.COLLECTION).countDocuments(
        Filters.and(Filters.eq("tenant", clinic), Filters.not(Filters.regex("streamId", "^access-"))));
  }

  private ValidatableResponse invalid(ObjectNode body) {
    return post(clinician, body).statusCode(400).contentType("application/problem+json")
        .body("type", equalTo("https://care.thoracic/problems/invalid-request"));
  }

  private void assertNothingStored() {
    assertThat(storedEvents()).isZero();
  }

  private ObjectNode intake() {
    try {
      return (ObjectNode) JSON.readTree("""
          {"patientId": "%s", "age": 34, "timezone": "Europe/Berlin", "painScore": 5,
           "painRegion": {"from": "T5", "to": "T8"}, "onset": "GRADUAL", "onsetDate": "2026-11-20",
           "aggravators": ["SITTING", "DESK_WORK"], "history": [], "symptoms": [],
           "redFlags": {"progressiveNumbness": false, "bowelBladderDysfunction": false, "fever": false,
                        "unexplainedWeightLoss": false, "significantTrauma": false, "chestPainOrBreathlessness": false},
           "work": {"deskHoursPerDay": 7, "workStart": "09:00", "workEnd": "17:30", "standingDesk": false}}
          """.formatted(patient));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode with(ObjectNode body, Consumer<ObjectNode> change) {
    change.accept(body);
    return body;
  }
}
