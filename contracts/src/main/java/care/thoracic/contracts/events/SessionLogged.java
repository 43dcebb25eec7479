package care.thoracic.contracts.events;

import care.thoracic.contracts.EnumSets;
import care.thoracic.contracts.Nullable;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.ExerciseLog;
import care.thoracic.contracts.clinical.SessionSymptom;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/** The patient logged a session (CLINICAL §6); {@code sessionId} is chosen by the app, so retries are safe. */
public record SessionLogged(
    UUID sessionId,
    UUID planId,
    PatientId patientId,
    LocalDate performedOn,
    List<ExerciseLog> exercises,
    int painBefore,
    int painAfter,
    Set<SessionSymptom> symptoms,
    @Nullable String note)
    implements SessionEvent {

  public static final int MAX_NOTE_LENGTH = 1_000;

  public SessionLogged {
    Objects.requireNonNull(sessionId, "sessionId is required");
    Objects.requireNonNull(planId, "planId is required");
    Objects.requireNonNull(patientId, "patientId is required");
    Objects.requireNonNull(performedOn, "performedOn is required");
    exercises = List.copyOf(exercises);
    if (painBefore < 0 || painBefore > 10 || painAfter < 0 || painAfter > 10) {
      throw new IllegalArgumentException("painBefore and painAfter must be between 0 and 10");
    }
    symptoms = EnumSets.copyOf(SessionSymptom.class, symptoms);
    if (note != null && note.length() > MAX_NOTE_LENGTH) {
      throw new IllegalArgumentException("note must be at most " + MAX_NOTE_LENGTH + " characters");
    }
  }
}
