package care.thoracic.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.Topic;
import care.thoracic.devstack.CareApi.Service;
import care.thoracic.devstack.ConsumerGroups;
import care.thoracic.devstack.Journey;
import care.thoracic.testkit.TestEvents;
import care.thoracic.testkit.Tokens;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every consumer group of every service rewound to the beginning while the services are down, as
 * an operator resetting offsets would: every event is delivered again. Everything a clinic sees
 * (plan, history, flags, progress, reminders, triages, the at-risk list) and every topic must be
 * exactly as before: no second flag, no plan suspended again, no reminder sent again.
 *
 * <p>On a platform of its own (broker, store, services), so what is delivered again is this
 * journey's history and not whatever the load tests on the shared platform left: their tens of
 * thousands of sessions took longer to replay than the test could wait, and how long a replay
 * takes is measured by {@code bench/run.sh replay}, not here.
 */
class RedeliveryTest {
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final Pattern BACKLOG = Pattern.compile("(?m)^care_reminders_due_backlog(?:\\{[^}]*})? (\\S+)");
  private static PlatformOfItsOwn own;
  private static RunningPlatform platform;

  @BeforeAll
  static void startBrokerStoreAndServices() throws Exception {
    own = PlatformOfItsOwn.start("redelivery");
    platform = own.platform();
  }

  @AfterAll
  static void stopAll() throws Exception {
    if (own != null) {
      own.close();
    }
  }

  @Test
  void every_event_delivered_again_changes_nothing() {
    String clinic = RunningPlatform.newClinic("redeliver");
    Journey journey = platform.journey(clinic, "pat-again");
    LocalDate onset = journey.tomorrowAt(LocalTime.of(9, 30));
    journey.submitIntake(journey.mechanicalIntake(onset, 6));
    String planId = journey.awaitRunningPlan();
    journey.awaitProgress(planId);
    journey.logSession(planId, onset, 5);
    journey.moveClocksTo(onset.plusDays(1), LocalTime.NOON);
    journey.logSession(planId, onset.plusDays(1), 6, "PROGRESSIVE_NUMBNESS");
    journey.awaitPlan("to be suspended", Journey.status("SUSPENDED"));
    Journey.await("pending reminders cancelled", () -> Optional.of(journey.reminders("PENDING")).filter(List::isEmpty));
    journey.decide("resume", "Examined: no neurological deficit.");
    journey.awaitPlan("to run again", Journey.status("ACTIVE"));
    Journey.await("reminders back", () -> Optional.of(journey.reminders("PENDING")).filter(r -> !r.isEmpty()));
    // late evening: inside quiet hours nothing comes due while the services are down
    journey.moveClocksTo(onset.plusDays(1), LocalTime.of(22, 30));
    // the patient saves their preferences: the 48 h horizon is planned from now, so the replans the
    // redelivered events cause a minute later add nothing new (its end falls in quiet hours)
    platform.api().put(Service.REMINDER, "/patients/" + journey.patientId() + "/reminder-preferences",
        journey.patientToken(), Map.of("channel", "INBOX"));
    String ops = Tokens.ops(clinic, "ops");
    quiet();
    assertThat(journey.reminders("SENT")).as("reminders were delivered before the replay").isNotEmpty();
    Map<String, String> before = whatTheClinicSees(journey, planId);

    ConsumerGroups groups = platform.groups();
    List<String> rewound = groups.groups(RunningPlatform::isServiceGroup);
    platform.restartAll(() -> rewound.forEach(groups::rewind), ops);
    assertThat(platform.api().get(Service.PLAN, "/admin/clock", ops).path("offset").asText())
        .as("the restarted services' clocks continue where they were").isNotEqualTo("PT0S");
    quiet();

    assertThat(rewound).as("groups rewound").hasSizeGreaterThan(10);
    assertThat(whatTheClinicSees(journey, planId)).isEqualTo(before);
  }

  /** Until every service group has processed every event and no reminder is waiting to be fired. */
  private void quiet() {
    ConsumerGroups groups = platform.groups();
    long started = System.nanoTime();
    Map<String, Long> behind = new LinkedHashMap<>();
    for (String group : groups.groups(RunningPlatform::isServiceGroup)) {
      for (String topic : groups.topicsOf(group)) {
        behind.put(group + " on " + topic, groups.behind(group, topic));
      }
    }
    System.out.printf("records each service group has yet to process: %s%n", behind);
    platform.awaitServiceGroupsCaughtUp(PATIENCE);
    System.out.printf("every service group caught up after %d s%n", Duration.ofNanos(System.nanoTime() - started)
        .toSeconds());
    Journey.await("no reminder due", () -> {
      var backlog = BACKLOG.matcher(platform.api().metrics(Service.REMINDER));
      return backlog.find() && Double.parseDouble(backlog.group(1)) == 0 ? Optional.of(true) : Optional.empty();
    });
  }

  private Map<String, String> whatTheClinicSees(Journey journey, String planId) {
    String clinician = journey.clinicianToken();
    Map<String, String> seen = new LinkedHashMap<>();
    seen.put("plan", journey.plan(planId).toString());
    seen.put("history", journey.planHistory(planId).toString());
    seen.put("open flags", journey.flags("OPEN").toString());
    seen.put("resolved flags", journey.flags("RESOLVED").toString());
    seen.put("progress", journey.progress(planId).toString());
    seen.put("reminders", journey.reminders(null).toString());
    seen.put("triages", platform.api().get(Service.TRIAGE, "/patients/" + journey.patientId() + "/triage", clinician)
        .toString());
    seen.put("at risk", platform.api().get(Service.PROGRESS, "/clinic/patients-at-risk", clinician).toString());
    for (Topic topic : Topic.values()) {
      if (topic == Topic.AUDIT) {
        continue; // every read above is itself recorded there: it grows by design
      }
      seen.put("records on " + topic.topicName(), String.valueOf(TestEvents.readToEnd(platform.bootstrapServers(), topic,
          Tenant.of(journey.clinic())).size()));
    }
    return seen;
  }
}
