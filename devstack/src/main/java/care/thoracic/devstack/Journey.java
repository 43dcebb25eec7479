package care.thoracic.devstack;

import care.thoracic.devstack.CareApi.Service;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One patient of one clinic going through the platform as the app and the clinic's screens would
 * take them: intake, plan, sessions day by day on the services' adjustable clocks, reminders,
 * flags and a clinician's decisions. Every wait is for something the platform shows (a plan's
 * state, a consumer group's offsets), never a fixed sleep. Used by the demo and the system tests.
 */
public final class Journey {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  /** Sessions are posted at noon, after the morning's reminders and before the evening exercise one. */
  private static final LocalTime DAY_TIME = LocalTime.NOON;
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the patient does on one day of the plan (log a session, or not; report a symptom...). */
  @FunctionalInterface
  public interface Day {
    void live(int dayOfPlan, LocalDate date, JsonNode plan);
  }

  private final CareApi api;
  private final ConsumerGroups groups;
  private final String clinic;
  private final String patientId;
  private final String patientToken;
  private final String clinicianToken;
  private final String opsToken;
  private final Consumer<String> narrator;

  public Journey(CareApi api, ConsumerGroups groups, TokenMinter tokens, String clinic, String patientId,
      Consumer<String> narrator) {
    this.api = api;
    this.groups = groups;
    this.clinic = clinic;
    this.patientId = patientId;
    this.patientToken = tokens.patient(clinic, patientId);
    this.clinicianToken = tokens.clinician(clinic, "clinician-of-" + clinic);
    this.opsToken = tokens.ops(clinic);
    this.narrator = narrator;
  }

  public String clinic() {
    return clinic;
  }

  public String patientId() {
    return patientId;
  }

  public String patientToken() {
    return patientToken;
  }

  public String clinicianToken() {
    return clinicianToken;
  }

  // ---- the clock ----

  /** The services' date in the patient's zone. */
  public LocalDate today() {
    return Instant.parse(api.get(Service.PLAN, "/admin/clock", opsToken).path("now").asText()).atZone(BERLIN).toLocalDate();
  }

  /** Moves every service's clock forward to {@code time} on {@code date}, in the patient's zone. */
  public void moveClocksTo(LocalDate date, LocalTime time) {
    Instant target = date.atTime(time).atZone(BERLIN).toInstant();
    Duration offset = Duration.between(Instant.now(), target);
    if (offset.isNegative()) {
      throw new IllegalArgumentException("the services' clocks only move forward; " + target + " has passed");
    }
    api.setClocks(offset, opsToken);
  }

  /** Moves every service's clock to {@code time} tomorrow in the patient's zone; answers that day. */
  public LocalDate tomorrowAt(LocalTime time) {
    LocalDate tomorrow = today().plusDays(1);
    moveClocksTo(tomorrow, time);
    return tomorrow;
  }

  // ---- intake and plan ----

  /** A mechanical intake: a desk worker with mid-back pain since {@code onset}, no warning sign. */
  public ObjectNode mechanicalIntake(LocalDate onset, int pain) {
    try {
      return (ObjectNode) JSON.readTree("""
          {"patientId": "%s", "age": 38, "timezone": "%s", "painScore": %d,
           "painRegion": {"from": "T4", "to": "T8"}, "onset": "GRADUAL", "onsetDate": "%s",
           "aggravators": ["SITTING", "DESK_WORK", "PHONE_USE"], "history": [], "symptoms": [],
           "redFlags": {"progressiveNumbness": false, "bowelBladderDysfunction": false, "fever": false,
                        "unexplainedWeightLoss": false, "significantTrauma": false, "chestPainOrBreathlessness": false},
           "work": {"deskHoursPerDay": 8, "workStart": "09:00", "workEnd": "17:00", "standingDesk": false}}
          """.formatted(patientId, BERLIN, pain, onset));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public JsonNode submitIntake(JsonNode intake) {
    return api.post(Service.TRIAGE, "/triage", patientToken, intake, 201);
  }

  /** The intake as an app sends it, with the {@code Idempotency-Key} it keeps for retries. */
  public CareApi.Answer submitIntake(JsonNode intake, String idempotencyKey) {
    return api.exchange(Service.TRIAGE, "POST", "/triage", patientToken, intake,
        Map.of("Idempotency-Key", idempotencyKey));
  }

  public Optional<JsonNode> findPlan() {
    return api.find(Service.PLAN, "/patients/" + patientId + "/plan", clinicianToken);
  }

  public JsonNode plan(String planId) {
    return api.get(Service.PLAN, "/plans/" + planId, clinicianToken);
  }

  /** The patient's plan once it satisfies {@code condition}. */
  public JsonNode awaitPlan(String what, Predicate<JsonNode> condition) {
    return await("the plan " + what, () -> findPlan().filter(condition));
  }

  /** The id of the patient's plan once it runs. */
  public String awaitRunningPlan() {
    return awaitPlan("to start", status("ACTIVE")).path("planId").asText();
  }

  public static Predicate<JsonNode> status(String status) {
    return plan -> plan.path("status").asText().equals(status);
  }

  public static Predicate<JsonNode> phase(String phase) {
    return plan -> plan.path("phase").asText().equals(phase);
  }

  /** A clinician's decision (approve, advance, hold, suspend, resume, complete) on the plan as they see it now. */
  public JsonNode decide(String decision, String reason) {
    JsonNode plan = findPlan().orElseThrow();
    narrator.accept("clinician: " + decision + " (\"" + reason + "\")");
    return api.decide(plan.path("planId").asText(), decision, plan.path("version").asLong(), reason, clinicianToken);
  }

  /** A clinician keeps the open plan or replaces it with the one a re-triage proposes (KEEP_PLAN, REPLACE_PLAN). */
  public JsonNode decideRetriage(String triageId, String decision, String reason) {
    JsonNode plan = findPlan().orElseThrow();
    narrator.accept("clinician: re-triage " + decision + " (\"" + reason + "\")");
    return api.send(Service.PLAN, "POST", "/plans/" + plan.path("planId").asText() + "/retriages/" + triageId
        + "/decision", clinicianToken, Map.of("decision", decision, "reason", reason),
        Map.of("If-Match", "\"" + plan.path("version").asLong() + "\""), 200);
  }

  // ---- the clinic's work queue ----

  /** The open work-queue items about this patient, in the queue's order. */
  public List<JsonNode> workQueue() {
    return api.all(Service.PLAN, "/clinic/work-queue", clinicianToken).stream()
        .filter(item -> item.path("patientId").asText().equals(patientId)).toList();
  }

  /** The clinician takes a work item: recorded by name; it settles nothing by itself. */
  public JsonNode acknowledge(String itemId) {
    narrator.accept("clinician: acknowledges work item " + itemId);
    return api.post(Service.PLAN, "/clinic/work-queue/" + itemId + "/acknowledgement", clinicianToken, null, 200);
  }

  public JsonNode workItem(String itemId) {
    return api.get(Service.PLAN, "/clinic/work-queue/" + itemId, clinicianToken);
  }

  // ---- sessions and progress ----

  public JsonNode logSession(String planId, LocalDate on, int painBefore, String... symptoms) {
    Map<String, Object> session = Map.of(
        "sessionId", UUID.randomUUID().toString(),
        "performedOn", on.toString(),
        "painBefore", painBefore,
        "painAfter", Math.max(0, painBefore - 1),
        "exercises", List.of(Map.of("exerciseId", "diaphragmatic-breathing", "sets", 3, "reps", 10)),
        "symptoms", Arrays.asList(symptoms));
    return api.post(Service.PROGRESS, "/plans/" + planId + "/sessions", patientToken, session, 201);
  }

  /** The plan's events as its timeline shows them (version, type, occurredAt, actor, event). */
  public List<JsonNode> planHistory(String planId) {
    List<JsonNode> entries = new ArrayList<>();
    api.get(Service.PLAN, "/plans/" + planId + "/history", clinicianToken).forEach(entries::add);
    return entries;
  }

  /** The plan's progress once progress-service has read the plan's start (it refuses sessions before). */
  public JsonNode awaitProgress(String planId) {
    return await("progress-service to know plan " + planId,
        () -> api.find(Service.PROGRESS, "/plans/" + planId + "/progress", clinicianToken));
  }

  public JsonNode progress(String planId) {
    return api.get(Service.PROGRESS, "/plans/" + planId + "/progress", clinicianToken);
  }

  /** Until plan-service has applied every logged session (its phase reviews count them). */
  public void awaitSessionsSeenByPlans() {
    groups.awaitCaughtUp("plan-service.plan-sessions", "care.session.v1", PATIENCE);
  }

  /**
   * Lives the plan day by day from tomorrow: moves the clocks to noon of each day, waits for a due
   * phase review to be taken, lets {@code day} act, and stops once {@code until} holds (or after
   * {@code maxDays}). Phase and status changes are narrated.
   */
  public JsonNode liveDays(String planId, int maxDays, Day day, Predicate<JsonNode> until) {
    JsonNode plan = plan(planId);
    for (int dayOfPlan = 1; dayOfPlan <= maxDays && !until.test(plan); dayOfPlan++) {
      LocalDate date = today().plusDays(1);
      if (reviewDue(plan, date)) {
        awaitSessionsSeenByPlans();
      }
      moveClocksTo(date, DAY_TIME);
      JsonNode before = plan;
      plan = reviewDue(plan, date)
          ? await("the phase review of " + date, () -> Optional.of(plan(planId)).filter(now -> reviewed(before, now)))
          : plan(planId);
      narrateChange(before, plan, date);
      day.live(dayOfPlan, date, plan);
      plan = plan(planId);
    }
    return plan;
  }

  private static boolean reviewDue(JsonNode plan, LocalDate date) {
    String next = plan.path("nextReviewOn").asText(null);
    return plan.path("status").asText().equals("ACTIVE") && next != null && !LocalDate.parse(next).isAfter(date);
  }

  private static boolean reviewed(JsonNode before, JsonNode now) {
    return !Objects.equals(before.path("nextReviewOn").asText(null), now.path("nextReviewOn").asText(null))
        || !before.path("phase").equals(now.path("phase")) || !before.path("status").equals(now.path("status"));
  }

  private void narrateChange(JsonNode before, JsonNode now, LocalDate date) {
    if (!before.path("phase").equals(now.path("phase"))) {
      narrator.accept(date + "  plan-service: phase " + before.path("phase").asText() + " -> " + now.path("phase").asText());
    } else if (before.path("consecutiveHolds").asInt() < now.path("consecutiveHolds").asInt()) {
      narrator.accept(date + "  plan-service: " + now.path("phase").asText() + " held (adherence or pain not there yet),"
          + " next review " + now.path("nextReviewOn").asText());
    }
    if (!before.path("status").equals(now.path("status"))) {
      narrator.accept(date + "  plan-service: plan " + before.path("status").asText() + " -> " + now.path("status").asText());
    }
  }

  // ---- reminders and flags ----

  /** The patient's reminders of one status, or of every status when {@code status} is null. */
  public List<JsonNode> reminders(String status) {
    return api.all(Service.REMINDER, "/patients/" + patientId + "/reminders" + (status == null ? "" : "?status=" + status),
        patientToken);
  }

  /** The clinic's inbox entries (OPEN or RESOLVED) of this patient. */
  public List<JsonNode> flags(String status) {
    return api.all(Service.PLAN, "/clinic/red-flags?status=" + status, clinicianToken).stream()
        .filter(flag -> flag.path("patientId").asText().equals(patientId)).toList();
  }

  // ---- waiting ----

  /** Polls {@code probe} until it answers something, for up to a minute. */
  public static <T> T await(String what, Supplier<Optional<T>> probe) {
    return await(what, PATIENCE, probe);
  }

  /** Polls {@code probe} until it answers something, for up to {@code patience}. */
  public static <T> T await(String what, Duration patience, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      Optional<T> answer = probe.get();
      if (answer.isPresent()) {
        return answer.get();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("waited " + patience.toSeconds() + " s for " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
  }
}
