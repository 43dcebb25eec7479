package care.thoracic.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.devstack.CareApi.Service;
import care.thoracic.devstack.Journey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kafka broker and the store are restarted under load: 3,000 sessions logged by 8 retrying app
 * clients, with the fault injected after the first 1,000 are acknowledged and lasting
 * {@link #OUTAGE} (the broker) or {@link #STORE_OUTAGE} (the store). Broker and store run as
 * processes of their own (as {@code ./care} runs them), with the four services on them, so they can
 * go away and come back where the services expect them.
 * After each, every session is in the event store once, on Kafka at least once, and counted once.
 * The broker is killed with SIGKILL; the store is stopped with SIGTERM, because the development
 * store (H2 MVStore) writes its file in the background and could lose its last writes to a
 * SIGKILL, which MongoDB's journal would not.
 */
class InfrastructureRestartTest {
  private static final int PLANS = 50;
  private static final int SESSIONS = 3_000;
  private static final int FAULT_AFTER = 1_000;
  private static final Duration OUTAGE = Duration.ofSeconds(10);
  /**
   * Longer than a minute: a record the consumers received before the store went away waits that
   * long for it, past SmallRye's default limit on an unacknowledged record (60 s), which failed the
   * channel for good before the services set their own (30 min).
   */
  private static final Duration STORE_OUTAGE = Duration.ofSeconds(75);
  private static PlatformOfItsOwn own;
  private static InfraProcess broker;
  private static InfraProcess store;
  private static RunningPlatform platform;

  @BeforeAll
  static void startBrokerStoreAndServices() throws Exception {
    own = PlatformOfItsOwn.start("restarts");
    broker = own.broker();
    store = own.store();
    platform = own.platform();
  }

  @AfterAll
  static void stopAll() throws Exception {
    if (own != null) {
      own.close();
    }
  }

  @Test
  void kafka_broker_killed_and_restarted_mid_load_loses_nothing() throws Exception {
    SessionLoad load = new SessionLoad(platform, "broker", PLANS);
    int atFault = load.run(SESSIONS, FAULT_AFTER, () -> {
      broker.kill();
      Thread.sleep(OUTAGE);
      broker.start();
    });

    // Sessions go to the store and the outbox, not to Kafka: the apps never noticed.
    assertThat(load.refusedAttempts()).as("attempts refused while the broker was down").isEmpty();
    int onKafka = assertEveryoneCountedOnce(load);
    System.out.printf("broker killed after %d of %d acknowledged sessions, down %d s; %d SessionLogged records on "
        + "Kafka for %d sessions%n", atFault, SESSIONS, OUTAGE.toSeconds(), onKafka, SESSIONS);
  }

  @Test
  void store_restarted_mid_load_answers_503_meanwhile_and_keeps_every_acknowledged_session() throws Exception {
    SessionLoad load = new SessionLoad(platform, "store", PLANS);
    int atFault = load.run(SESSIONS, FAULT_AFTER, () -> {
      store.stop();
      Journey.await("progress-service not ready while the store is down", () -> Optional.of(
          platform.api().readiness(Service.PROGRESS)).filter(status -> status == 503));
      Thread.sleep(STORE_OUTAGE);
      store.start();
    });

    Map<String, Integer> refused = load.refusedAttempts();
    assertThat(refused).as("what the apps got while the store was down: only 503 problem details")
        .isNotEmpty()
        .containsOnlyKeys("503 https://care.thoracic/problems/store-unavailable");
    int onKafka = assertEveryoneCountedOnce(load);
    System.out.printf("store stopped after %d of %d acknowledged sessions, down %d s; refused attempts %s; "
        + "%d SessionLogged records on Kafka for %d sessions%n", atFault, SESSIONS, STORE_OUTAGE.toSeconds(), refused,
        onKafka, SESSIONS);
  }

  /** Returns how many SessionLogged records Kafka holds (a session may be there twice). */
  private static int assertEveryoneCountedOnce(SessionLoad load) throws Exception {
    assertThat(load.awaitCountedInProgress(SESSIONS)).as("sessions counted by the progress views").isEqualTo(SESSIONS);
    List<String> inStore = load.sessionIdsInEventStore();
    assertThat(inStore).as("SessionLogged events in the event store").hasSize(SESSIONS).doesNotHaveDuplicates();
    List<String> onKafka = load.sessionIdsOnKafka();
    assertThat(onKafka.stream().distinct().count()).as("distinct sessions on Kafka").isEqualTo(SESSIONS);
    return onKafka.size();
  }
}
