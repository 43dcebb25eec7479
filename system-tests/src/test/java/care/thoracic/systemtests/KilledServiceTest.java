package care.thoracic.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.contracts.events.Topic;
import care.thoracic.devstack.CareApi.Answer;
import care.thoracic.devstack.CareApi.Service;
import care.thoracic.devstack.Journey;
import care.thoracic.testkit.TestEvents;
import care.thoracic.testkit.Tokens;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * progress-service, which both takes the sessions and projects them, is killed with SIGKILL while
 * 10,000 sessions are being logged by 8 concurrent app clients (each retrying, with the same
 * session id, what got no answer, as the app does), and started again. Every session must be
 * counted exactly once in the projection, and each recorded exactly once in the event store
 * (Kafka may carry a session twice, at least once by design; consumers count it once).
 */
class KilledServiceTest {
  private static final int PLANS = 200;
  private static final int SESSIONS = 10_000;
  private static final int KILL_AFTER = 3_000;
  private final RunningPlatform platform = RunningPlatform.get();

  @Test
  void progress_service_killed_mid_load_loses_nothing_and_counts_nothing_twice() throws Exception {
    String clinic = RunningPlatform.newClinic("kill");
    List<Journey> patients = new ArrayList<>();
    List<String> plans = new ArrayList<>();
    LocalDate today = null;
    for (int i = 0; i < PLANS; i++) {
      Journey journey = platform.journey(clinic, "pat-" + i);
      if (today == null) {
        today = journey.tomorrowAt(LocalTime.of(10, 0));
      }
      journey.submitIntake(journey.mechanicalIntake(today, 6));
      patients.add(journey);
    }
    for (Journey journey : patients) {
      String planId = journey.awaitRunningPlan();
      journey.awaitProgress(planId);
      plans.add(planId);
    }

    AtomicInteger acknowledged = new AtomicInteger();
    AtomicInteger retries = new AtomicInteger();
    String performedOn = today.toString();
    ExecutorService clients = Executors.newFixedThreadPool(8);
    List<Future<?>> posts = new ArrayList<>();
    for (int n = 0; n < SESSIONS; n++) {
      int plan = n % PLANS;
      Map<String, Object> session = Map.of("sessionId", UUID.randomUUID().toString(), "performedOn", performedOn,
          "painBefore", 5, "painAfter", 4, "exercises", List.of(Map.of("exerciseId", "wall-angels", "sets", 2, "reps", 10)));
      posts.add(clients.submit(() -> {
        while (!post(plans.get(plan), patients.get(plan).patientToken(), session)) {
          retries.incrementAndGet();
          Thread.sleep(100);
        }
        acknowledged.incrementAndGet();
        return null;
      }));
    }
    Journey.await("3,000 sessions acknowledged", () -> Optional.of(acknowledged.get()).filter(n -> n >= KILL_AFTER));
    int inFlightAtKill = acknowledged.get();
    platform.crash(Service.PROGRESS, () -> { }, Tokens.ops(clinic, "ops"));
    for (Future<?> post : posts) {
      post.get();
    }
    clients.shutdown();
    assertThat(acknowledged.get()).isEqualTo(SESSIONS);

    int counted = Journey.await("every session in the projection", () -> {
      int sum = 0;
      for (int i = 0; i < PLANS; i++) {
        sum += patients.get(i).progress(plans.get(i)).path("sessionsLogged").asInt();
      }
      return sum >= SESSIONS ? Optional.of(sum) : Optional.empty();
    });
    assertThat(counted).as("sessions counted by the projection").isEqualTo(SESSIONS);
    List<String> onKafka = TestEvents.published(Topic.SESSION, Tenant.of(clinic)).stream()
        .map(envelope -> ((SessionLogged) envelope.event()).sessionId().toString()).toList();
    assertThat(onKafka.stream().distinct().count()).as("distinct sessions on Kafka").isEqualTo(SESSIONS);
    System.out.printf("killed progress-service after %d of %d acknowledged sessions; %d retried posts; "
        + "%d SessionLogged records on Kafka for %d sessions%n", inFlightAtKill, SESSIONS, retries.get(),
        onKafka.size(), SESSIONS);
  }

  /** One attempt; false when it got no answer or a server error (the app tries again, same id). */
  private boolean post(String planId, String token, Map<String, Object> session) {
    try {
      Answer answer = platform.api().exchange(Service.PROGRESS, "POST", "/plans/" + planId + "/sessions", token,
          session, Map.of());
      if (answer.status() == 201 || answer.status() == 200) {
        return true;
      }
      assertThat(answer.status()).as(answer.body()).isGreaterThanOrEqualTo(500);
      return false;
    } catch (UncheckedIOException notReachable) {
      return false;
    }
  }
}
