package care.thoracic.systemtests;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.ReminderSent;
import care.thoracic.contracts.events.Topic;
import care.thoracic.devstack.CareApi.Service;
import care.thoracic.devstack.Journey;
import care.thoracic.testkit.TestEvents;
import care.thoracic.testkit.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * reminder-service is killed with SIGKILL while it delivers a batch of due reminders to a clinic's
 * webhook receiver, and started again. Every due reminder must reach the receiver (signed), and a
 * reminder may reach it twice only within the documented at-least-once window: it was delivered by
 * the killed dispatcher, which died before marking it sent, and is fired again once that
 * dispatcher's lease has ended, as its next attempt, under the same id for the receiver to
 * de-duplicate.
 */
class KilledDispatcherTest {
  private static final int PATIENTS = 120;
  private static final int KILL_AFTER_DELIVERIES = 40;
  private static final Duration RECEIVER_TAKES = Duration.ofMillis(50);
  private static final Duration PATIENCE = Duration.ofMinutes(2); // the killed dispatcher's lease is 30 s
  private final RunningPlatform platform = RunningPlatform.get();

  @Test
  void reminder_service_killed_mid_delivery_fires_every_reminder_and_twice_only_what_it_had_not_marked() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start(RunningPlatform.WEBHOOK_SECRET, RECEIVER_TAKES)) {
      List<Journey> patients = new ArrayList<>();
      LocalDate today = null;
      for (int i = 0; i < PATIENTS; i++) {
        Journey journey = platform.journey(RunningPlatform.WEBHOOK_CLINIC, "pat-" + i);
        if (today == null) {
          today = journey.tomorrowAt(LocalTime.of(8, 0));
        }
        // onset a week ago: the plan starts in FOUNDATION, which has an EXERCISE reminder every day (ACUTE has
        // none, and a desk worker's 11:00 micro-break exists on work days only)
        journey.submitIntake(journey.mechanicalIntake(today.minusDays(7), 5));
        patients.add(journey);
      }
      String elevenToday = today + "T11:00";
      Predicate<JsonNode> exerciseAtEleven = r -> r.path("kind").asText().equals("EXERCISE")
          && r.path("localDue").asText().startsWith(elevenToday);
      for (Journey journey : patients) {
        journey.awaitRunningPlan();
        // reminder-service has read the plan's start: the preferences below replan a plan it knows
        Journey.await(journey.patientId() + "'s first reminders", () -> Optional.of(journey.reminders("PENDING"))
            .filter(pending -> !pending.isEmpty()));
        platform.api().put(Service.REMINDER, "/patients/" + journey.patientId() + "/reminder-preferences",
            journey.patientToken(), Map.of("exerciseAt", "11:00", "channel", "WEBHOOK", "webhookUrl", receiver.url()));
        Journey.await(journey.patientId() + "'s exercise reminder at 11:00", () -> Optional.of(journey.reminders("PENDING"))
            .filter(pending -> pending.stream().anyMatch(exerciseAtEleven)));
      }

      patients.getFirst().moveClocksTo(today, LocalTime.of(11, 1));
      Journey.await(KILL_AFTER_DELIVERIES + " deliveries", () -> Optional.of(receiver.deliveries().size())
          .filter(n -> n >= KILL_AFTER_DELIVERIES));
      platform.crash(Service.REMINDER, () -> { }, Tokens.ops(RunningPlatform.WEBHOOK_CLINIC, "ops"));
      Set<String> deliveredBeforeRestart = receiver.deliveries().stream().map(WebhookReceiver.Delivery::reminderId)
          .collect(Collectors.toSet());

      Set<String> sent = awaitEveryDueReminderSent(patients);
      List<WebhookReceiver.Delivery> deliveries = receiver.deliveries();
      Map<String, Long> timesDelivered = deliveries.stream()
          .collect(groupingBy(WebhookReceiver.Delivery::reminderId, counting()));
      Set<String> twice = timesDelivered.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
          .collect(Collectors.toSet());

      assertThat(sent).as("reminders due by 11:01, one exercise reminder per patient at least").hasSizeGreaterThanOrEqualTo(PATIENTS);
      for (Journey journey : patients) {
        assertThat(journey.reminders("SENT")).as(journey.patientId() + "'s exercise reminder at 11:00, sent")
            .anyMatch(exerciseAtEleven);
      }
      assertThat(deliveredBeforeRestart).as("the kill landed mid-batch").hasSizeLessThan(sent.size());
      assertThat(deliveries).as("every delivery signed with the clinic's secret").allMatch(WebhookReceiver.Delivery::signed);
      assertThat(timesDelivered.keySet()).as("every sent reminder reached the receiver, and nothing else did")
          .isEqualTo(sent);
      assertThat(timesDelivered.values()).as("no reminder delivered more than twice").allMatch(n -> n <= 2);
      assertThat(deliveredBeforeRestart).as("delivered twice: only what the killed dispatcher had delivered")
          .containsAll(twice);
      for (String id : twice) {
        List<Integer> attempts = deliveries.stream().filter(d -> d.reminderId().equals(id))
            .map(WebhookReceiver.Delivery::attempt).toList();
        assertThat(attempts).as("reminder %s fired again as its next attempt", id).containsExactly(1, 2);
      }
      List<String> recorded = TestEvents.published(Topic.REMINDER, Tenant.of(RunningPlatform.WEBHOOK_CLINIC), platform.payloads()).stream()
          .map(EventEnvelope::event).filter(ReminderSent.class::isInstance)
          .map(event -> ((ReminderSent) event).reminderId().toString()).toList();
      assertThat(new HashSet<>(recorded)).as("ReminderSent on Kafka for each sent reminder").isEqualTo(sent);
      System.out.printf("reminder-service killed after %d of %d deliveries; %d reminders delivered twice "
          + "(the window: %d delivered by the killed dispatcher); %d ReminderSent records for %d reminders%n",
          deliveredBeforeRestart.size(), sent.size(), twice.size(), deliveredBeforeRestart.size(), recorded.size(),
          sent.size());
    }
  }

  /** Waits until no patient has a reminder due and not yet sent; answers the ids of the sent ones. */
  private Set<String> awaitEveryDueReminderSent(List<Journey> patients) {
    return Journey.await("every due reminder sent", PATIENCE, () -> {
      Instant now = Instant.parse(platform.api().get(Service.REMINDER, "/admin/clock",
          Tokens.ops(RunningPlatform.WEBHOOK_CLINIC, "ops")).path("now").asText());
      Set<String> sent = new HashSet<>();
      for (Journey journey : patients) {
        for (JsonNode reminder : journey.reminders(null)) {
          String status = reminder.path("status").asText();
          boolean due = !Instant.parse(reminder.path("dueAt").asText()).isAfter(now);
          if (status.equals("SENT")) {
            sent.add(reminder.path("reminderId").asText());
          } else if (due && !status.equals("CANCELLED") && !status.equals("SATISFIED")) {
            return Optional.empty();
          }
        }
      }
      return Optional.of(sent);
    });
  }
}
