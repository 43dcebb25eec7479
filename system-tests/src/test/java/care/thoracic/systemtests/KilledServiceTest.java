package care.thoracic.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.devstack.CareApi.Service;
import care.thoracic.testkit.Tokens;
import java.util.List;
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
    SessionLoad load = new SessionLoad(platform, "kill", PLANS);
    int atKill = load.run(SESSIONS, KILL_AFTER,
        () -> platform.crash(Service.PROGRESS, () -> { }, Tokens.ops(load.clinic(), "ops")));

    assertThat(load.awaitCountedInProgress(SESSIONS)).as("sessions counted by the projection").isEqualTo(SESSIONS);
    List<String> inStore = load.sessionIdsInEventStore();
    assertThat(inStore).as("SessionLogged events in the event store").hasSize(SESSIONS).doesNotHaveDuplicates();
    List<String> onKafka = load.sessionIdsOnKafka();
    assertThat(onKafka.stream().distinct().count()).as("distinct sessions on Kafka").isEqualTo(SESSIONS);
    System.out.printf("killed progress-service after %d of %d acknowledged sessions; refused attempts %s; "
        + "%d SessionLogged records on Kafka for %d sessions%n", atKill, SESSIONS, load.refusedAttempts(),
        onKafka.size(), SESSIONS);
  }
}
