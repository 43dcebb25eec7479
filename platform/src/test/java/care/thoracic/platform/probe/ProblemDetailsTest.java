package care.thoracic.platform.probe;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import care.thoracic.testkit.CareTestResource;
import care.thoracic.testkit.RequiresTestInfra;
import care.thoracic.testkit.Tokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

@QuarkusTest
@RequiresTestInfra
@WithTestResource(value = CareTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ProblemDetailsTest {
  private static final String VALID = """
      {"painScore": 5, "onset": "GRADUAL", "painRegion": {"from": "T5", "to": "T8"},
       "aggravators": ["SITTING"], "work": {"deskHoursPerDay": 7}}""";
  private final String clinician = Tokens.clinician("clinic-north", "dr-ada");

  @Test
  void a_valid_intake_is_accepted() {
    post(VALID).statusCode(201).body("painRegion.from", equalTo("T5"));
  }

  @Test
  void a_misspelt_field_is_refused_by_name() {
    invalid(VALID.replace("\"painScore\"", "\"painScroe\""))
        .body("errors.field", hasItem("painScroe"))
        .body("errors[0].message", startsWith("unknown field"));
  }

  @Test
  void an_unknown_enum_value_is_refused_naming_the_field_and_the_allowed_values() {
    invalid(VALID.replace("\"GRADUAL\"", "\"SLOW\"")).body("errors[0].field", equalTo("onset"))
        .body("errors[0].message", containsString("SUDDEN"));
  }

  @Test
  void an_out_of_range_pain_score_is_refused() {
    invalid(VALID.replace("\"painScore\": 5", "\"painScore\": 11")).body("errors[0].field", equalTo("painScore"));
  }

  @Test
  void a_missing_required_field_is_refused() {
    invalid(VALID.replace("\"painScore\": 5,", "")).body("errors[0].field", equalTo("painScore"));
  }

  @Test
  void a_reversed_thoracic_range_is_refused_naming_the_range() {
    invalid(VALID.replace("\"from\": \"T5\", \"to\": \"T8\"", "\"from\": \"T9\", \"to\": \"T2\""))
        .body("errors[0].field", equalTo("painRegion"))
        .body("errors[0].message", containsString("must not be below"));
  }

  @Test
  void an_invalid_thoracic_level_is_refused() {
    invalid(VALID.replace("\"T8\"", "\"L1\"")).body("errors[0].field", equalTo("painRegion.to"));
  }

  @Test
  void a_nested_field_is_named_by_its_path() {
    invalid(VALID.replace("\"deskHoursPerDay\": 7", "\"deskHoursPerDay\": 30"))
        .body("errors[0].field", equalTo("work.deskHoursPerDay"));
  }

  @Test
  void a_list_element_is_named_by_its_index() {
    invalid(VALID.replace("[\"SITTING\"]", "[\"SITTING\", \"JUGGLING\"]"))
        .body("errors[0].field", equalTo("aggravators[1]"));
  }

  @Test
  void scalars_are_not_coerced_and_duplicate_keys_are_refused() {
    invalid(VALID.replace("\"painScore\": 5", "\"painScore\": \"5\"")).body("errors[0].field", equalTo("painScore"));
    invalid(VALID.replace("\"painScore\": 5", "\"painScore\": 5.5")).body("errors[0].field", equalTo("painScore"));
    invalid(VALID.replace("\"painScore\": 5", "\"painScore\": 1, \"painScore\": 9"));
  }

  @Test
  void malformed_json_is_refused_with_where_it_broke() {
    invalid("{\"painScore\": 5,").body("errors[0].field", equalTo("body"));
  }

  @Test
  void an_invalid_path_parameter_or_if_match_header_is_refused_by_name() {
    given().auth().oauth2(clinician).contentType("application/json").body("{\"painAfter\": 3}")
        .post("/kit-probe/patients/{id}/sessions", "$where").then()
        .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("patientId"));
    given().auth().oauth2(clinician).contentType("application/json").header("If-Match", "yesterday")
        .body("{\"painAfter\": 3}").post("/kit-probe/patients/{id}/sessions", "pat-ifmatch").then()
        .statusCode(400).body("errors[0].field", equalTo("If-Match"));
  }

  @Test
  void an_unknown_path_and_a_wrong_method_are_problems_too() {
    given().auth().oauth2(clinician).get("/kit-probe/nothing-here").then()
        .statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
    given().auth().oauth2(clinician).delete("/kit-probe/intake").then()
        .statusCode(405).contentType("application/problem+json");
  }

  @Test
  void an_internal_error_is_a_500_problem_that_leaks_nothing_but_carries_the_correlation_id() {
    given().auth().oauth2(clinician).header("X-Correlation-Id", "corr-boom-1").get("/kit-probe/boom").then()
        .statusCode(500).contentType("application/problem+json")
        .header("X-Correlation-Id", equalTo("corr-boom-1"))
        .body("correlationId", equalTo("corr-boom-1"))
        .body("detail", not(containsString("hunter2")))
        .body("detail", containsString("corr-boom-1"));
  }

  @Test
  void an_unreachable_store_is_a_503_problem_with_retry_after() {
    given().auth().oauth2(clinician).get("/kit-probe/unreachable-store").then()
        .statusCode(503).contentType("application/problem+json")
        .header("Retry-After", equalTo("5"))
        .body("type", equalTo("https://care.thoracic/problems/store-unavailable"));
  }

  private ValidatableResponse post(String body) {
    return given().auth().oauth2(clinician).contentType("application/json").body(body).post("/kit-probe/intake")
        .then();
  }

  private ValidatableResponse invalid(String body) {
    return post(body).statusCode(400).contentType("application/problem+json")
        .body("type", equalTo("https://care.thoracic/problems/invalid-request"))
        .body("status", equalTo(400))
        .body("instance", equalTo("/kit-probe/intake"))
        .body("title", not(emptyOrNullString()))
        .body("correlationId", not(emptyOrNullString()));
  }
}
