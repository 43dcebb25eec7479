package care.thoracic.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.Topic;
import care.thoracic.devstack.CareApi.Answer;
import care.thoracic.devstack.CareApi.Service;
import care.thoracic.devstack.Journey;
import care.thoracic.testkit.PushServiceStandIn;
import care.thoracic.testkit.TestEvents;
import care.thoracic.testkit.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Every operation that takes a body (from the services' OpenAPI documents) gets bodies that are
 * invalid by construction: a required field missing, a value of another JSON type (among them
 * Mongo operators such as {"$gt": ""} and {"$where": ...}), an integer too large for any field,
 * an unknown field at any depth, or no JSON object at all. Each must be answered 4xx with problem
 * details, never 5xx, and nothing may be stored or published (checked at the end against what
 * the clinic had before).
 */
class FuzzedBodiesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<JsonNode> FOREIGN_VALUES = List.of(json("{\"$gt\": \"\"}"),
      json("{\"$where\": \"sleep(1000) || true\"}"), json("{\"$ne\": null}"), json("[\"a\", 1]"), json("[]"));
  private static final List<String> NOT_AN_OBJECT = List.of("", "[]", "\"text\"", "42", "null", "{\"a\":", "{{}}",
      "{\"x\": 1,}");
  private static Fixture fixture;

  /** One clinic with one running plan, and what it had before any fuzzed request. */
  private record Fixture(Journey journey, String planId, Map<Topic, Integer> records, JsonNode plan, int sessions,
      JsonNode preferences, String clock, List<Target> targets) {}

  /** An operation with a valid body to start from, and the token that may call it. */
  private record Target(Service service, String method, String path, String token, ObjectNode seed) {
    String name() {
      return service + " " + method + " " + path;
    }
  }

  /** {@code kind}: which of the five ways the body was made invalid; {@code mutation}: exactly how. */
  private record Fuzzed(Target target, String body, String kind, String mutation) {}

  private static final Map<String, Map<Integer, Integer>> TALLY = new ConcurrentSkipListMap<>();

  @Property(tries = 400)
  void an_invalid_body_is_a_4xx_problem_and_changes_nothing(@ForAll("fuzzedBodies") Fuzzed fuzzed) {
    Answer answer = RunningPlatform.get().api().exchange(fuzzed.target().service(), fuzzed.target().method(),
        fuzzed.target().path(), fuzzed.target().token(), fuzzed.body(), Map.of("If-Match", "\"1\""));
    String what = fuzzed.target().name() + " with " + fuzzed.mutation() + ": " + answer.body();
    TALLY.computeIfAbsent(fuzzed.kind(), kind -> new ConcurrentSkipListMap<>())
        .merge(answer.status(), 1, Integer::sum);
    assertThat(answer.status()).as(what).isBetween(400, 499);
    assertThat(answer.contentType()).as(what).startsWith("application/problem+json");
  }

  @AfterContainer
  static void nothing_was_stored_or_published() {
    if (fixture == null) {
      return;
    }
    Journey journey = fixture.journey();
    // reminders fire on their own schedule, so their topic is left out of the comparison
    Map<Topic, Integer> before = new EnumMap<>(fixture.records());
    Map<Topic, Integer> after = countRecords(journey.clinic());
    before.remove(Topic.REMINDER);
    after.remove(Topic.REMINDER);
    assertThat(after).as("records on each topic").isEqualTo(before);
    assertThat(journey.plan(fixture.planId())).isEqualTo(fixture.plan());
    assertThat(journey.progress(fixture.planId()).path("sessionsLogged").asInt()).isEqualTo(fixture.sessions());
    assertThat(preferences(journey)).isEqualTo(fixture.preferences());
    assertThat(clock()).isEqualTo(fixture.clock());
    StringBuilder table = new StringBuilder(fixture.targets().size() + " operations with a body\n\n"
        + "| invalid by | requests | answers |\n|---|---|---|\n");
    TALLY.forEach((kind, answers) -> table.append("| ").append(kind).append(" | ")
        .append(answers.values().stream().mapToInt(Integer::intValue).sum()).append(" | ").append(answers).append(" |\n"));
    try {
      Files.writeString(Path.of("target", "fuzzed-bodies.md"), table);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Provide
  Arbitrary<Fuzzed> fuzzedBodies() {
    List<Target> targets = fixture().targets();
    return Arbitraries.of(targets).flatMap(target -> Arbitraries.oneOf(
        removedField(target), foreignValue(target), hugeNumber(target), unknownField(target), notAnObject(target)));
  }

  private static Arbitrary<Fuzzed> removedField(Target target) {
    return Arbitraries.of(fieldPaths(target.seed(), false)).map(path -> {
      ObjectNode body = target.seed().deepCopy();
      parentOf(body, path).remove(last(path));
      return new Fuzzed(target, body.toString(), "a required field missing", "no " + path);
    });
  }

  private static Arbitrary<Fuzzed> foreignValue(Target target) {
    return Combinators.combine(Arbitraries.of(fieldPaths(target.seed(), true)), Arbitraries.of(FOREIGN_VALUES))
        .as((path, value) -> {
          ObjectNode body = target.seed().deepCopy();
          parentOf(body, path).set(last(path), value);
          return new Fuzzed(target, body.toString(), "a value of another JSON type (operators among them)",
              path + " = " + value);
        });
  }

  private static Arbitrary<Fuzzed> hugeNumber(Target target) {
    List<String> numbers = fieldPaths(target.seed(), true).stream()
        .filter(path -> target.seed().at(pointer(path)).isNumber()).toList();
    if (numbers.isEmpty()) {
      return unknownField(target);
    }
    return Arbitraries.of(numbers).map(path -> {
      ObjectNode body = target.seed().deepCopy();
      parentOf(body, path).put(last(path), new BigDecimal("1e30"));
      return new Fuzzed(target, body.toString(), "an integer too large", path + " = 1e30");
    });
  }

  private static Arbitrary<Fuzzed> unknownField(Target target) {
    List<String> objects = new ArrayList<>(List.of(""));
    fieldPaths(target.seed(), false).stream().filter(path -> target.seed().at(pointer(path)).isObject())
        .forEach(objects::add);
    return Combinators.combine(Arbitraries.of(objects), Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12))
        .as((path, name) -> {
          ObjectNode body = target.seed().deepCopy();
          ObjectNode at = path.isEmpty() ? body : (ObjectNode) body.at(pointer(path));
          String field = "zz" + name; // never one of the real fields, which are camelCase words
          at.put(field, true);
          return new Fuzzed(target, body.toString(), "an unknown field",
              "unknown field " + (path.isEmpty() ? "" : path + ".") + field);
        });
  }

  private static Arbitrary<Fuzzed> notAnObject(Target target) {
    return Arbitraries.of(NOT_AN_OBJECT).map(text -> new Fuzzed(target, text, "no JSON object", "a body of " + text));
  }

  /** Dotted paths of the seed's object fields (array elements by index); {@code leaves}: only scalars. */
  private static List<String> fieldPaths(JsonNode node, boolean leaves) {
    List<String> paths = new ArrayList<>();
    collect(node, "", leaves, paths);
    return paths;
  }

  private static void collect(JsonNode node, String prefix, boolean leaves, List<String> paths) {
    if (node.isObject()) {
      node.fields().forEachRemaining(field -> {
        String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
        if (!leaves || field.getValue().isValueNode()) {
          paths.add(path);
        }
        collect(field.getValue(), path, leaves, paths);
      });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), prefix + "." + i, leaves, paths);
      }
    }
  }

  private static String pointer(String path) {
    return "/" + path.replace('.', '/');
  }

  private static ObjectNode parentOf(ObjectNode body, String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? body : (ObjectNode) body.at(pointer(path.substring(0, dot)));
  }

  private static String last(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  // ---- the clinic under fuzzing ----

  private static synchronized Fixture fixture() {
    if (fixture == null) {
      String clinic = RunningPlatform.newClinic("fuzz");
      Journey journey = RunningPlatform.get().journey(clinic, "pat-fuzz");
      LocalDate today = journey.tomorrowAt(LocalTime.of(10, 0));
      journey.submitIntake(journey.mechanicalIntake(today, 6));
      String planId = journey.awaitRunningPlan();
      journey.awaitProgress(planId);
      journey.logSession(planId, today, 5);
      Journey.await("the session published", () -> Optional.of(countRecords(clinic))
          .filter(counts -> counts.get(Topic.SESSION) == 1 && counts.get(Topic.PLAN) == 1));
      fixture = new Fixture(journey, planId, countRecords(clinic), journey.plan(planId),
          journey.progress(planId).path("sessionsLogged").asInt(), preferences(journey), clock(),
          targets(journey, planId, today));
    }
    return fixture;
  }

  /** Every operation with a request body, with a seed that holds only its required fields. */
  private static List<Target> targets(Journey journey, String planId, LocalDate today) {
    ObjectNode intake = journey.mechanicalIntake(today, 6);
    intake.remove(List.of("aggravators", "history", "symptoms", "work"));
    ObjectNode session = (ObjectNode) json("""
        {"sessionId": "%s", "performedOn": "%s", "painBefore": 5, "painAfter": 4,
         "exercises": [{"exerciseId": "wall-angels", "sets": 2, "reps": 12}]}""".formatted(UUID.randomUUID(), today));
    ObjectNode decision = (ObjectNode) json("{\"reason\": \"Reviewed in clinic.\"}");
    String patient = journey.patientToken();
    String clinician = journey.clinicianToken();
    List<Target> targets = new ArrayList<>();
    for (OpenApiOperations operation : OpenApiOperations.of(RunningPlatform.get().api())) {
      if (!operation.takesBody()) {
        continue;
      }
      String method = operation.method();
      String filled = operation.path().replace("{planId}", planId).replace("{patientId}", journey.patientId())
          .replace("{triageId}", UUID.randomUUID().toString());
      Target target = switch (method + " " + operation.path()) {
        case "POST /triage" -> new Target(operation.service(), method, filled, patient, intake);
        case "POST /plans/{planId}/sessions" -> new Target(operation.service(), method, filled, patient, session);
        case "PUT /patients/{patientId}/reminder-preferences" ->
            new Target(operation.service(), method, filled, patient, (ObjectNode) json("{\"channel\": \"INBOX\"}"));
        case "PUT /admin/clock" -> new Target(operation.service(), method, filled, Tokens.ops(journey.clinic(), "ops"),
            (ObjectNode) json("{\"offset\": \"P1D\"}"));
        case "PUT /clinic/settings/work-queue" -> new Target(operation.service(), method, filled,
            Tokens.clinicAdmin(journey.clinic(), "admin-1"), (ObjectNode) json("{\"deadlines\": {\"APPROVAL\": \"P2D\"}, \"reason\": \"Faster approvals.\"}"));
        case "POST /plans/{planId}/retriages/{triageId}/decision" -> new Target(operation.service(), method, filled,
            clinician, (ObjectNode) json("{\"decision\": \"KEEP_PLAN\", \"reason\": \"Same strain.\"}"));
        case "PUT /patients/{patientId}/push-subscriptions" -> new Target(operation.service(), method, filled, patient,
            aBrowsersSubscription());
        // every body the fuzzing makes from it is invalid, so nothing is set (care.clinic.v1 counted after)
        case "PUT /clinic/settings/protocol", "PUT /clinic/settings/quiet-hours", "PUT /clinic/settings/work-days" ->
            new Target(operation.service(), method, filled, Tokens.clinicAdmin(journey.clinic(), "admin-1"),
                (ObjectNode) json("{\"reason\": \"Reviewed.\"}"));
        // every body the fuzzing makes from it is invalid, so no secret is set (care.clinic.v1 counted after)
        case "PUT /clinic/settings/webhook-secret" -> new Target(operation.service(), method, filled,
            Tokens.clinicAdmin(journey.clinic(), "admin-1"), (ObjectNode) json(
                "{\"secret\": \"fuzzing-seed-secret-0123456789-abcdefghij\", \"reason\": \"Receiver goes live.\"}"));
        // every body the fuzzing makes from it is invalid, so the patient is never erased (checked after)
        case "POST /patients/{patientId}/erasure" -> new Target(operation.service(), method, filled,
            Tokens.clinicAdmin(journey.clinic(), "admin-1"), (ObjectNode) json("{\"ground\": \"CONSENT_WITHDRAWN\"}"));
        default -> operation.path().matches("/plans/\\{planId}/[a-z-]+")
            ? new Target(operation.service(), method, filled, clinician, decision)
            : null;
      };
      assertThat(target).as(operation.name() + " takes a body: give the fuzzing a valid seed for it").isNotNull();
      targets.add(target);
    }
    return targets;
  }

  /** A subscription as a browser gives it (PushSubscription.toJSON()), its required fields only. */
  private static ObjectNode aBrowsersSubscription() {
    try (PushServiceStandIn pushService = PushServiceStandIn.start()) {
      ObjectNode subscription = JSON.valueToTree(pushService.device("fuzzed").subscription());
      subscription.remove("expirationTime"); // optional: browsers send null
      return subscription;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<Topic, Integer> countRecords(String clinic) {
    Map<Topic, Integer> counts = new EnumMap<>(Topic.class);
    for (Topic topic : Topic.values()) {
      if (topic == Topic.AUDIT) {
        continue; // refused requests are recorded there too, by design: they change nothing else
      }
      counts.put(topic, TestEvents.readToEnd(topic, Tenant.of(clinic)).size());
    }
    return counts;
  }

  private static JsonNode preferences(Journey journey) {
    return RunningPlatform.get().api().get(Service.REMINDER, "/patients/" + journey.patientId()
        + "/reminder-preferences", journey.patientToken());
  }

  private static String clock() {
    return RunningPlatform.get().api().get(Service.PLAN, "/admin/clock", Tokens.ops("sys-fuzz", "ops"))
        .path("offset").asText();
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
