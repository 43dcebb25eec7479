package care.thoracic.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.Roles;
import care.thoracic.devstack.Journey;
import care.thoracic.testkit.Tokens;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * A property over every operation the services' OpenAPI documents list: requests whose path ids,
 * query parameters, headers and (where the operation takes one) body are drawn from what an API does
 * not expect (Mongo operators, numbers in other notations, dates far out of range, huge, empty,
 * non-ASCII and path-traversal values, other media types), sent by a caller the operation allows.
 * No answer may be a 5xx or missing; every 4xx is problem details.
 */
class FuzzedRequestsTest {
  private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");
  private static final List<String> ODD = List.of("$ne", "{\"$gt\": \"\"}", "$where", "1e3", "0x10", "-1", "+5",
      "99999999999999999999", "", " ", "%00", "../../admin/clock", "null", "true", "[]", "2026-13-45",
      "+999999999-12-31T23:59:59Z", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "\u00e9\u4e2d\u0647",
      "\"; DROP TABLE plans; --", "a".repeat(3_000), "00000000-0000-0000-0000-000000000000", "1-1-1-1-1",
      "PENDING", "ACTIVE", "OPEN", "P3D", "PT-5H");
  private static final List<String> BODIES = List.of("{}", "[]", "null", "\"x\"", "{\"reason\": \"\"}",
      "{\"reason\": " + "[".repeat(500) + "]".repeat(500) + "}", "{\"offset\": \"P99999999D\"}",
      "{\"painBefore\": 1e400}", "{\"a\": {\"$gt\": \"\"}}", "not json at all");
  private static final List<String> MEDIA = List.of("application/json", "text/plain", "application/xml",
      "text/event-stream", "*/*", "application/json; charset=latin-1", "x/\u00e9", "");
  private static final Map<String, Map<Integer, Integer>> TALLY = new ConcurrentSkipListMap<>();
  private static Fixture fixture;

  private record Fixture(String clinic, String patient, Map<String, String> ids, List<OpenApiOperations> operations) {}

  private record Fuzzed(OpenApiOperations operation, String path, String token, Map<String, String> headers,
      String body) {}

  @Property(tries = 600)
  void no_request_to_any_documented_operation_gets_a_5xx(@ForAll("requests") Fuzzed fuzzed) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(RunningPlatform.get().api().base(fuzzed.operation().service())
            .resolve(fuzzed.path())).timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + fuzzed.token());
    fuzzed.headers().forEach((name, value) -> {
      if (!value.isEmpty()) {
        request.header(name, value);
      }
    });
    request.method(fuzzed.operation().method(), fuzzed.body() == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(fuzzed.body()));
    String what = fuzzed.operation().name() + " as " + fuzzed.path() + " with " + fuzzed.headers() + " and body "
        + (fuzzed.body() == null ? "none" : fuzzed.body().substring(0, Math.min(80, fuzzed.body().length())));
    HttpResponse<InputStream> answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    String contentType = answer.headers().firstValue("Content-Type").orElse("");
    String body = contentType.startsWith("text/event-stream") ? "(a stream)" : readSome(answer.body());
    answer.body().close();
    TALLY.computeIfAbsent(fuzzed.operation().service().name(), s -> new ConcurrentSkipListMap<>())
        .merge(answer.statusCode(), 1, Integer::sum);
    assertThat(answer.statusCode()).as(what + ": " + body).isLessThan(500);
    if (answer.statusCode() >= 400) {
      assertThat(contentType).as(what).startsWith("application/problem+json");
    }
  }

  @AfterContainer
  static void tally() throws IOException {
    StringBuilder table = new StringBuilder("| service | answers |\n|---|---|\n");
    TALLY.forEach((service, answers) -> table.append("| ").append(service).append(" | ").append(answers)
        .append(" |\n"));
    Files.writeString(Path.of("target", "fuzzed-requests.md"), table);
  }

  @Provide
  Arbitrary<Fuzzed> requests() {
    Fixture fixture = fixture();
    return Arbitraries.of(fixture.operations()).flatMap(operation -> Combinators.combine(
        path(operation, fixture), query(operation), headers(), body(operation), Arbitraries.of(operation.roles()))
        .as((path, query, headers, body, role) -> new Fuzzed(operation, path + query,
            Tokens.token(fixture.clinic(), role.equals(Roles.PATIENT) ? fixture.patient() : "staff-fuzz", role).sign(),
            headers, body)));
  }

  private static Arbitrary<String> value() {
    return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(ODD)),
        Tuple.of(1, Arbitraries.strings().ascii().ofMaxLength(60)));
  }

  private static Arbitrary<String> path(OpenApiOperations operation, Fixture fixture) {
    Matcher parameter = PARAMETER.matcher(operation.path());
    int count = 0;
    while (parameter.find()) {
      count++;
    }
    return Arbitraries.oneOf(value(), Arbitraries.of(fixture.ids().values())).list().ofSize(count).map(values -> {
      Matcher names = PARAMETER.matcher(operation.path());
      StringBuilder path = new StringBuilder();
      int i = 0;
      while (names.find()) {
        String value = values.get(i++);
        names.appendReplacement(path, Matcher.quoteReplacement(segment(value)));
      }
      names.appendTail(path);
      return path.toString();
    });
  }

  private static Arbitrary<String> query(OpenApiOperations operation) {
    if (operation.queryParameters().isEmpty()) {
      return Arbitraries.of("", "?unexpected=" + segment("$ne"));
    }
    return value().list().ofSize(operation.queryParameters().size()).map(values -> {
      StringBuilder query = new StringBuilder();
      for (int i = 0; i < values.size(); i++) {
        query.append(i == 0 ? "?" : "&").append(operation.queryParameters().get(i)).append('=')
            .append(URLEncoder.encode(values.get(i), StandardCharsets.UTF_8));
      }
      return query.toString();
    });
  }

  private static Arbitrary<Map<String, String>> headers() {
    Arbitrary<String> printable = Arbitraries.oneOf(Arbitraries.of(ODD), Arbitraries.strings().withCharRange(' ', '~')
        .ofMaxLength(40)).filter(v -> v.chars().allMatch(c -> c >= ' ' && c <= '~'));
    return Combinators.combine(printable, printable, printable, Arbitraries.of(MEDIA), Arbitraries.of(MEDIA))
        .as((ifMatch, lastEventId, correlation, contentType, accept) -> {
          Map<String, String> headers = new LinkedHashMap<>();
          headers.put("If-Match", ifMatch);
          headers.put("Last-Event-ID", lastEventId);
          headers.put("X-Correlation-Id", correlation);
          headers.put("Content-Type", contentType.chars().allMatch(c -> c < 128) ? contentType : "application/x-odd");
          headers.put("Accept", accept.chars().allMatch(c -> c < 128) ? accept : "application/x-odd");
          return headers;
        });
  }

  private static Arbitrary<String> body(OpenApiOperations operation) {
    return operation.takesBody() ? Arbitraries.of(BODIES) : Arbitraries.of((String) null);
  }

  private static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String readSome(InputStream in) throws IOException {
    byte[] some = in.readNBytes(2_000);
    return new String(some, StandardCharsets.UTF_8);
  }

  private static synchronized Fixture fixture() {
    if (fixture == null) {
      RunningPlatform platform = RunningPlatform.get();
      String clinic = RunningPlatform.newClinic("fuzz-requests");
      Journey journey = platform.journey(clinic, "pat-fuzz");
      journey.submitIntake(journey.mechanicalIntake(journey.tomorrowAt(LocalTime.of(9, 0)), 5));
      String planId = journey.awaitRunningPlan();
      String triageId = journey.findPlan().orElseThrow().path("triageId").asText();
      fixture = new Fixture(clinic, "pat-fuzz", Map.of("patientId", "pat-fuzz", "planId", planId,
          "triageId", triageId), OpenApiOperations.of(platform.api()));
    }
    return fixture;
  }
}
