package care.thoracic.eventsourcing.testing;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.ExerciseLog;
import care.thoracic.contracts.events.SessionEvent;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.eventsourcing.decider.CommandRejectedException;
import care.thoracic.eventsourcing.decider.Decider;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A toy aggregate for the kit's own tests and the platform's probe application: a patient logs at
 * most three sessions.
 */
public final class SessionLog implements Decider<SessionLog.Log, SessionEvent, Integer> {
  public static final int LIMIT = 3;

  public record Log(UUID planId, PatientId patient, int painAfter, LocalDate on) {}

  @Override
  public Integer initialState() {
    return 0;
  }

  @Override
  public List<SessionEvent> decide(Log command, Integer sessions) {
    if (sessions >= LIMIT) {
      throw new CommandRejectedException("at most " + LIMIT + " sessions may be logged here");
    }
    return List.of(new SessionLogged(UUID.randomUUID(), command.planId(), command.patient(), command.on(),
        List.of(new ExerciseLog("wall-angels", 2, 12, null, null)), command.painAfter(), command.painAfter(),
        Set.of(), null));
  }

  @Override
  public Integer evolve(Integer sessions, SessionEvent event) {
    return switch (event) {
      case SessionLogged logged -> sessions + 1;
    };
  }
}
