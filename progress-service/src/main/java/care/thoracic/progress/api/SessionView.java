package care.thoracic.progress.api;

import care.thoracic.contracts.clinical.SessionSymptom;
import care.thoracic.contracts.events.SessionLogged;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

/** A logged session, as the post answers it (the same answer when the app posts it again). */
public record SessionView(UUID sessionId, UUID planId, LocalDate performedOn, int painBefore, int painAfter,
    Set<SessionSymptom> symptoms, int exercises) {
  static SessionView of(SessionLogged session) {
    return new SessionView(session.sessionId(), session.planId(), session.performedOn(), session.painBefore(),
        session.painAfter(), session.symptoms(), session.exercises().size());
  }
}
