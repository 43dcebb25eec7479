package care.thoracic.platform.probe;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import care.thoracic.testkit.CareTestResource;
import care.thoracic.testkit.RequiresTestInfra;
import care.thoracic.testkit.Tokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.SocketException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;

/**
 * Requests no client library would send, answered at once or within the body timeout (2 s in this
 * profile), always as problems, and never holding a worker thread: each test sends its request and
 * reads the answer on a raw socket.
 */
@QuarkusTest
@RequiresTestInfra
@WithTestResource(value = CareTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class HostileRequestsTest {
  // "at once": well before the 60 s Quarkus REST waited on an empty body, on a busy 2-core machine
  private static final int AT_ONCE = 5_000;
  private static final int AFTER_THE_BODY_TIMEOUT = 4_000;

  @TestHTTPResource("/") URL base;
  private final String clinician = Tokens.clinician("clinic-north", "dr-ada");

  @Test
  void an_empty_body_is_a_400_naming_the_body_at_once() throws Exception {
    String answer = exchange(command("Content-Length: 0") + "\r\n", AT_ONCE);

    assertProblem(answer, 400).contains("\"field\":\"body\"").contains("a JSON body is required");
  }

  @Test
  void a_chunked_body_with_no_data_is_a_400_naming_the_body_at_once() throws Exception {
    String answer = exchange(command("Transfer-Encoding: chunked") + "\r\n0\r\n\r\n", AT_ONCE);

    assertProblem(answer, 400).contains("\"field\":\"body\"");
  }

  @Test
  void a_truncated_body_is_a_408_once_the_body_timeout_has_passed() throws Exception {
    long started = System.nanoTime();
    String answer = exchange(command("Content-Length: 100") + "\r\n{\"painSc", AFTER_THE_BODY_TIMEOUT);

    assertProblem(answer, 408).contains("\"field\":\"body\"").containsIgnoringCase("connection: close");
    assertThat((System.nanoTime() - started) / 1_000_000).isBetween(1_900L, (long) AFTER_THE_BODY_TIMEOUT);
  }

  @Test
  void a_body_sent_a_byte_at_a_time_is_a_408_when_it_outlasts_the_timeout() throws Exception {
    try (RawHttp http = new RawHttp(base)) {
      http.send(command("Content-Length: 60") + "\r\n");
      try {
        for (char c : "{\"painScore\": 5, \"onset\": \"GRADUAL\"".toCharArray()) {
          http.send(String.valueOf(c));
          Thread.sleep(200);
        }
      } catch (SocketException closedByTheServer) {
        // the answer was sent and the connection closed while the body was still dripping in
      }
      assertProblem(http.answer(AFTER_THE_BODY_TIMEOUT), 408);
    }
  }

  @Test
  void a_client_asking_for_cleartext_http2_is_served_http1_so_the_body_bounds_hold() throws Exception {
    HttpResponse<String> answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build().send(
        HttpRequest.newBuilder(base.toURI().resolve("/kit-probe/intake")).header("Authorization", "Bearer " + clinician)
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("a JSON body is required");
  }

  @Test
  void a_target_over_its_bound_is_a_414_problem() throws Exception {
    String target = "/kit-probe/patients/" + "p".repeat(5_000) + "/sessions";
    String answer = exchange("GET " + target + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + clinician
        + "\r\n\r\n", AT_ONCE);

    assertProblem(answer, 414).contains(target.length() + " characters long").contains("(" + target.length()
        + " characters)\"");
  }

  @Test
  void headers_over_their_bound_are_a_431_problem() throws Exception {
    String answer = exchange("GET /kit-probe/patients/pat-1/sessions HTTP/1.1\r\nHost: x\r\nX-Padding: "
        + "a".repeat(20_000) + "\r\nAuthorization: Bearer " + clinician + "\r\n\r\n", AT_ONCE);

    assertProblem(answer, 431);
  }

  @Test
  void a_body_over_the_limit_is_a_413_problem() {
    String oversized = "{\"note\": \"" + "x".repeat(256 * 1024) + "\"}";
    given().auth().oauth2(clinician).contentType("application/json").body(oversized).post("/kit-probe/intake")
        .then().statusCode(413).contentType("application/problem+json").body("errors[0].field", equalTo("body"));
  }

  @Test
  void an_unsupported_media_type_is_a_415_problem() {
    given().auth().oauth2(clinician).contentType("text/plain").body("painScore=5").post("/kit-probe/intake")
        .then().statusCode(415).contentType("application/problem+json").body("status", equalTo(415));
  }

  @Test
  void json_nested_deeper_than_the_limit_is_a_400_naming_the_limit() {
    given().auth().oauth2(clinician).contentType("application/json").body(nested(64)).post("/kit-probe/documents")
        .then().statusCode(201);
    given().auth().oauth2(clinician).contentType("application/json").body(nested(1_000)).post("/kit-probe/documents")
        .then().statusCode(400).contentType("application/problem+json")
        .body("errors[0].message", equalTo("nested deeper than 64 levels"));
  }

  @Test
  void a_problem_never_echoes_a_long_rejected_name_in_full() {
    String longName = "x".repeat(10_000);
    given().auth().oauth2(clinician).contentType("application/json")
        .body("{\"" + longName + "\": 1, \"painScore\": 5}").post("/kit-probe/intake")
        .then().statusCode(400).body("errors[0].field", containsString("(10000 characters)"))
        .body("errors[0].field.length()", lessThan(200));
  }

  @Test
  void query_parameters_are_read_strictly_and_a_refusal_names_the_parameter() {
    pages("page=2&size=50&since=2026-12-01T09:00:00Z").statusCode(200).body("offset", equalTo(100));
    for (String[] bad : new String[][] {{"page=1e3", "page"}, {"page=0x10", "page"}, {"size=%2B5", "size"}, {"size=+5", "size"},
        {"page=99999999999", "page"}, {"page=10001&size=100", "page"}, {"page=-1", "page"},
        {"since=tomorrow", "since"}, {"since=%2B999999999-12-31T23:59:59Z", "since"},
        {"since=1970-01-01T00:00:00Z", "since"}, {"plan=not-a-uuid", "plan"}, {"plan=1-1-1-1-1", "plan"}}) {
      pages(bad[0]).statusCode(400).contentType("application/problem+json")
          .body("errors[0].field", equalTo(bad[1]));
    }
  }

  private io.restassured.response.ValidatableResponse pages(String query) {
    return given().auth().oauth2(clinician).urlEncodingEnabled(false).get("/kit-probe/pages?" + query).then();
  }

  /** An object holding arrays {@code depth} levels deep in all. */
  private static String nested(int depth) {
    return "{\"a\": " + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
  }

  private String command(String framing) {
    return "POST /kit-probe/intake HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + clinician
        + "\r\nContent-Type: application/json\r\n" + framing + "\r\n";
  }

  private String exchange(String request, int millis) throws Exception {
    try (RawHttp http = new RawHttp(base)) {
      return http.send(request).answer(millis);
    }
  }

  private static AbstractStringAssert<?> assertProblem(String answer, int status) {
    return assertThat(answer).startsWith("HTTP/1.1 " + status).containsIgnoringCase("application/problem+json")
        .contains("\"status\":" + status);
  }
}
