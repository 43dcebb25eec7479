package care.thoracic.eventsourcing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.events.SessionEvent;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.eventsourcing.testing.DeciderSpec;
import care.thoracic.eventsourcing.testing.SessionLog;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The given/when/then harness, on the probe's toy aggregate. */
class SessionLogTest {
  private static final UUID PLAN = UUID.randomUUID();
  private static final PatientId PATIENT = PatientId.of("pat-1");
  private final DeciderSpec<SessionLog.Log, SessionEvent, Integer> spec = DeciderSpec.of(new SessionLog());

  @Test
  void a_session_is_logged_while_under_the_limit() {
    spec.given(logged(), logged())
        .when(new SessionLog.Log(PLAN, PATIENT, 3, LocalDate.of(2026, 11, 24)))
        .then(events -> assertThat(events).singleElement().isInstanceOfSatisfying(SessionLogged.class, s -> {
          assertThat(s.painAfter()).isEqualTo(3);
          assertThat(s.performedOn()).isEqualTo(LocalDate.of(2026, 11, 24));
        }));
  }

  @Test
  void the_fourth_session_is_refused_with_the_reason() {
    spec.given(logged(), logged(), logged())
        .when(new SessionLog.Log(PLAN, PATIENT, 3, LocalDate.of(2026, 11, 24)))
        .thenRejected("at most 3 sessions");
  }

  @Test
  void the_harness_fails_when_the_decider_does_something_else() {
    assertThatThrownBy(() -> spec.given(logged(), logged(), logged())
        .when(new SessionLog.Log(PLAN, PATIENT, 3, LocalDate.of(2026, 11, 24))).thenNothing())
        .isInstanceOf(AssertionError.class).hasMessageContaining("refused");
    assertThatThrownBy(() -> spec.given()
        .when(new SessionLog.Log(PLAN, PATIENT, 3, LocalDate.of(2026, 11, 24))).thenRejected("limit"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("decided");
  }

  private static SessionLogged logged() {
    return new SessionLogged(UUID.randomUUID(), PLAN, PATIENT, LocalDate.of(2026, 11, 1), List.of(), 4, 4, Set.of(), null);
  }
}
