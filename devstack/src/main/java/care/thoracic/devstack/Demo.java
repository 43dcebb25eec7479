package care.thoracic.devstack;

import care.thoracic.contracts.kafka.BrokerAccess;
import care.thoracic.devstack.CareApi.Service;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * {@code ./care demo}: one patient through the whole journey on the running platform, weeks of
 * therapy in a minute or two on the services' adjustable clocks. Intake, a plan, daily sessions
 * with easing pain, reminders, a phase held after a week of missed sessions, a red flag that
 * suspends the plan, the clinician resuming it, and maintenance. Prints what each service did.
 * Usage: {@code Demo <triage> <plan> <progress> <reminder> <keys-dir> <kafka-bootstrap>}.
 */
public final class Demo {
  private static final String CLINIC = "demo-clinic";
  private static final int BASELINE_PAIN = 6;
  private static final int MISSED_DAYS_IN_MOBILITY = 8;
  private static final int RED_FLAG_DAY_OF_STRENGTH = 5;

  private final Journey journey;
  private final long startedAt = System.nanoTime();
  private boolean redFlagReported;
  private LocalDate onset;

  private Demo(Journey journey) {
    this.journey = journey;
  }

  public static void main(String[] args) {
    if (args.length != 6) {
      System.err.println("usage: Demo <triage-url> <plan-url> <progress-url> <reminder-url> <keys-dir> <kafka-bootstrap>");
      System.exit(2);
    }
    CareApi api = new CareApi(Map.of(Service.TRIAGE, URI.create(args[0]), Service.PLAN, URI.create(args[1]),
        Service.PROGRESS, URI.create(args[2]), Service.REMINDER, URI.create(args[3])));
    String patient = "demo-" + UUID.randomUUID().toString().substring(0, 8);
    try (ConsumerGroups groups = new ConsumerGroups(
        DevBroker.fromEnvironment().clientConfig(args[5], BrokerAccess.OPERATOR))) {
      new Demo(new Journey(api, groups, DevKeys.in(Path.of(args[4])), CLINIC, patient, Demo::say)).run();
    }
  }

  private void run() {
    onset = journey.tomorrowAt(LocalTime.of(9, 30));
    say("Patient " + journey.patientId() + " of " + journey.clinic() + ", Europe/Berlin; clocks moved to " + onset
        + " 09:30 (mid-back pain since this morning).");

    JsonNode triage = journey.submitIntake(journey.mechanicalIntake(onset, BASELINE_PAIN));
    say(onset + "  triage-service: " + triage.path("category").asText() + " / " + triage.path("disposition").asText()
        + ": " + String.join(" ", texts(triage.path("reasons"))));

    JsonNode plan = journey.awaitPlan("to start", Journey.status("ACTIVE"));
    String planId = plan.path("planId").asText();
    say(onset + "  plan-service: plan " + planId + " started in " + plan.path("phase").asText() + " ("
        + plan.path("protocolVersion").asText() + "), next review " + plan.path("nextReviewOn").asText());
    List<JsonNode> planned = Journey.await("reminders to be planned",
        () -> Optional.of(journey.reminders("PENDING")).filter(list -> !list.isEmpty()));
    say(onset + "  reminder-service: " + planned.size() + " reminders planned for the next 48 h: " + byKind(planned));

    plan = journey.liveDays(planId, 120, this::day, Journey.phase("MAINTENANCE"));
    LocalDate maintenanceFrom = journey.today();
    journey.liveDays(planId, 7, this::day, p -> false);
    summary(planId, triage, maintenanceFrom);
  }

  /** The patient's day: a session with pain easing week by week, except for a lapse in MOBILITY and one bad day. */
  private void day(int dayOfPlan, LocalDate date, JsonNode plan) {
    String planId = plan.path("planId").asText();
    int pain = Math.max(2, BASELINE_PAIN - (int) ChronoUnit.DAYS.between(onset, date) / 8);
    long dayOfPhase = ChronoUnit.DAYS.between(LocalDate.parse(plan.path("phaseStartedOn").asText(date.toString())), date);
    String phase = plan.path("phase").asText();
    if (phase.equals("MOBILITY") && plan.path("consecutiveHolds").asInt() == 0 && dayOfPhase < MISSED_DAYS_IN_MOBILITY) {
      if (dayOfPhase == 0) {
        say(date + "  patient: busy weeks, no sessions for " + MISSED_DAYS_IN_MOBILITY + " days");
      }
      return;
    }
    if (phase.equals("STRENGTH") && !redFlagReported && dayOfPhase >= RED_FLAG_DAY_OF_STRENGTH) {
      redFlagReported = true;
      redFlag(planId, date, pain);
      return;
    }
    journey.logSession(planId, date, pain);
  }

  private void redFlag(String planId, LocalDate date, int pain) {
    journey.logSession(planId, date, pain + 1, "PROGRESSIVE_NUMBNESS");
    say(date + "  patient: session logged, reporting numbness that is getting worse");
    JsonNode flag = Journey.await("the flag in the clinic's inbox",
        () -> journey.flags("OPEN").stream().findFirst());
    say(date + "  progress-service: " + flag.path("severity").asText() + " flag " + flag.path("code").asText()
        + ", recommendation " + flag.path("recommendation").asText());
    journey.awaitPlan("to be suspended", Journey.status("SUSPENDED"));
    say(date + "  plan-service: plan SUSPENDED by the flag; it is in the clinic's inbox and work queue");
    JsonNode item = Journey.await("the flag in the clinic's work queue", () -> journey.workQueue().stream()
        .filter(waiting -> waiting.path("kind").asText().endsWith("_RED_FLAG")).findFirst());
    say(date + "  clinician's work queue: " + item.path("kind").asText() + " for " + item.path("patientId").asText()
        + ", to acknowledge by " + item.path("deadline").asText() + " (" + String.join(" ", texts(item.path("reasons")))
        + ")");
    JsonNode taken = journey.acknowledge(item.path("itemId").asText());
    say(date + "  plan-service: acknowledged by " + taken.path("acknowledgedBy").asText() + " at "
        + taken.path("acknowledgedAt").asText() + "; no escalation; the plan stays suspended until a decision");
    Journey.await("pending reminders to be cancelled", () -> Optional.of(journey.reminders("PENDING"))
        .filter(List::isEmpty));
    say(date + "  reminder-service: pending reminders cancelled (" + journey.reminders("CANCELLED").size()
        + " cancelled so far)");
    journey.decide("resume", "Seen in clinic: neurological exam normal, numbness from sleeping position. Continue.");
    journey.awaitPlan("to run again", Journey.status("ACTIVE"));
    List<JsonNode> back = Journey.await("reminders to come back", () -> Optional.of(journey.reminders("PENDING"))
        .filter(list -> !list.isEmpty()));
    say(date + "  plan-service: plan ACTIVE again, flag resolved; reminder-service: " + back.size()
        + " reminders planned again");
    JsonNode settled = Journey.await("the work item to close", () -> Optional.of(journey.workItem(
        item.path("itemId").asText())).filter(closed -> closed.path("status").asText().equals("CLOSED")));
    say(date + "  clinician's work queue: item closed (" + settled.path("closedBecause").asText() + "), "
        + journey.workQueue().size() + " items left for this patient");
  }

  private void summary(String planId, JsonNode triage, LocalDate maintenanceFrom) {
    JsonNode progress = journey.progress(planId);
    JsonNode adherence = progress.path("adherence");
    say("");
    say("Summary (" + (System.nanoTime() - startedAt) / 1_000_000_000 + " s of wall time)");
    say("  triage-service    intake triaged " + triage.path("category").asText() + " / "
        + triage.path("disposition").asText() + " by " + triage.path("rulesVersion").asText());
    say("  plan-service      " + journey.findPlan().orElseThrow().path("status").asText() + " in "
        + journey.findPlan().orElseThrow().path("phase").asText() + " since " + maintenanceFrom + "; its history:");
    for (JsonNode entry : journey.planHistory(planId)) {
      say("                      " + entry.path("occurredAt").asText().substring(0, 10) + " " + entry.path("type").asText());
    }
    say("  progress-service  " + progress.path("sessionsLogged").asInt() + " sessions; adherence "
        + adherence.path("percent").asInt() + "% (" + adherence.path("daysWithSession").asInt() + " of "
        + adherence.path("daysElapsed").asInt() + " days); 7-day mean pain " + progress.path("meanPain7d").asText()
        + " from a baseline of " + progress.path("baselinePain").asInt() + " ("
        + (progress.path("significantImprovement").asBoolean() ? "significant improvement" : "no significant improvement")
        + "); latest assessment " + progress.path("latestAssessment").path("outcome").asText("none"));
    say("  reminder-service  sent " + byKind(journey.reminders("SENT")) + "; satisfied by a session "
        + journey.reminders("SATISFIED").size() + "; cancelled " + journey.reminders("CANCELLED").size()
        + "; still pending " + journey.reminders("PENDING").size());
    say("  flags             " + journey.flags("RESOLVED").size() + " resolved, " + journey.flags("OPEN").size() + " open");
  }

  private static String byKind(List<JsonNode> reminders) {
    Map<String, Long> counts = reminders.stream()
        .collect(Collectors.groupingBy(r -> r.path("kind").asText(), TreeMap::new, Collectors.counting()));
    return reminders.size() + " " + counts;
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  private static void say(String line) {
    System.out.println(line);
  }
}
