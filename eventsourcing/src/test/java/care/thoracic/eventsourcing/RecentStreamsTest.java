package care.thoracic.eventsourcing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.SessionEvent;
import care.thoracic.eventsourcing.decider.CommandRejectedException;
import care.thoracic.eventsourcing.store.Causation;
import care.thoracic.eventsourcing.store.ConcurrencyConflictException;
import care.thoracic.eventsourcing.store.EventSourcedRepository;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.eventsourcing.testing.SessionLog;
import care.thoracic.testkit.RequiresTestInfra;
import care.thoracic.testkit.TestMongo;
import java.time.Clock;
import java.time.LocalDate;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two instances of a service on one store, each keeping the streams it handled: what one appends,
 * the other decides on, however recently it kept the stream.
 */
@RequiresTestInfra
class RecentStreamsTest {
  private static final Causation BY_TEST = new Causation("corr-recent", "req-recent", Actor.user("dr-test"));
  private final EventStore store = new EventStore(
      TestMongo.client().getDatabase("kit-" + UUID.randomUUID().toString().substring(0, 8)), Clock.systemUTC(),
      Clock.systemUTC(), Kit.PAYLOADS);
  private final EventSourcedRepository<SessionLog.Log, SessionEvent, Integer> first =
      new EventSourcedRepository<>(store, new SessionLog(), SessionEvent.class);
  private final EventSourcedRepository<SessionLog.Log, SessionEvent, Integer> second =
      new EventSourcedRepository<>(store, new SessionLog(), SessionEvent.class);
  private final Tenant tenant = Tenant.of("t-" + UUID.randomUUID().toString().substring(0, 8));
  private final String stream = "sessions-" + UUID.randomUUID();
  private final SessionLog.Log log = new SessionLog.Log(UUID.randomUUID(), PatientId.of("pat-1"), 3,
      LocalDate.of(2026, 11, 24));

  private EventSourcedRepository.Result<SessionEvent, Integer> logOn(
      EventSourcedRepository<SessionLog.Log, SessionEvent, Integer> instance) {
    return instance.handle(tenant, stream, OptionalLong.empty(), log, BY_TEST);
  }

  @Test
  void an_instance_decides_on_what_another_appended_after_it_kept_the_stream() {
    logOn(first);
    logOn(first);
    assertThat(logOn(second).state()).isEqualTo(3);

    assertThatThrownBy(() -> logOn(first)).isInstanceOf(CommandRejectedException.class)
        .hasMessageContaining("at most 3");
    assertThat(first.load(tenant, stream).events()).hasSize(SessionLog.LIMIT);
  }

  @Test
  void a_version_read_before_another_instance_appended_is_refused_though_the_stream_was_kept() {
    assertThat(logOn(first).version()).isEqualTo(1);
    logOn(second);

    assertThatThrownBy(() -> first.handle(tenant, stream, OptionalLong.of(1), log, BY_TEST))
        .isInstanceOf(ConcurrencyConflictException.class);
    assertThat(first.handle(tenant, stream, OptionalLong.of(2), log, BY_TEST).version()).isEqualTo(3);
  }

  @Test
  void an_instance_that_keeps_no_streams_decides_the_same() {
    var forgetful = new EventSourcedRepository<>(store, new SessionLog(), SessionEvent.class, 0);
    logOn(first);
    assertThat(forgetful.handle(tenant, stream, OptionalLong.empty(), log, BY_TEST).state()).isEqualTo(2);
    assertThat(logOn(first).state()).isEqualTo(3);
    assertThatThrownBy(() -> forgetful.handle(tenant, stream, OptionalLong.empty(), log, BY_TEST))
        .isInstanceOf(CommandRejectedException.class);
  }
}
