package care.thoracic.progress.api;

import care.thoracic.contracts.clinical.ExerciseLog;
import care.thoracic.contracts.clinical.SessionSymptom;
import care.thoracic.contracts.clinical.Side;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.platform.problem.FieldError;
import care.thoracic.platform.problem.InvalidInputException;
import care.thoracic.progress.domain.PlanFacts;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A logged session (CLINICAL.md §6), read as strictly as an intake: an unknown field or value is
 * refused. The app chooses {@code sessionId}, so posting the same session again is safe.
 */
@Schema(name = "Session", description = "A logged exercise session (CLINICAL.md §6). Unknown fields are refused.")
public record SessionInput(
    @NotNull @Schema(description = "Chosen by the app; a retried post with the same id and content changes nothing")
    UUID sessionId,
    @NotNull @Schema(description = "The patient's local date; not in the future, not before the plan started")
    LocalDate performedOn,
    @NotNull @Size(max = 30) List<@NotNull @Valid Exercise> exercises,
    @NotNull @Min(0) @Max(10) @Schema(description = "Numeric rating scale 0-10 (LOINC 72514-3)") Integer painBefore,
    @NotNull @Min(0) @Max(10) Integer painAfter,
    Set<@NotNull SessionSymptom> symptoms,
    @Size(max = SessionLogged.MAX_NOTE_LENGTH) String note) {

  /** One exercise: sets of either repetitions or a held position. */
  public record Exercise(
      @NotNull @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}") String exerciseId,
      @NotNull @Min(1) @Max(20) Integer sets,
      @Min(1) @Max(200) Integer reps,
      @Min(1) @Max(600) Integer holdSeconds,
      Side side) {}

  /**
   * The session as the domain takes it, once the rules Bean Validation cannot express hold: one
   * of reps or hold per exercise, and a day within the plan that is not in the future.
   */
  SessionLogged toSession(UUID planId, PlanFacts plan, LocalDate today) {
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; i < exercises.size(); i++) {
      Exercise exercise = exercises.get(i);
      if ((exercise.reps() == null) == (exercise.holdSeconds() == null)) {
        errors.add(new FieldError("exercises[" + i + "].reps", "give exactly one of reps or holdSeconds"));
      }
    }
    if (performedOn.isAfter(today)) {
      errors.add(new FieldError("performedOn", "must not be after today (" + today + " in " + plan.timezone() + ")"));
    } else if (plan.startedOn() != null && performedOn.isBefore(plan.startedOn())) {
      errors.add(new FieldError("performedOn", "must not be before the plan started (" + plan.startedOn() + ")"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
    List<ExerciseLog> logs = exercises.stream()
        .map(e -> new ExerciseLog(e.exerciseId(), e.sets(), e.reps(), e.holdSeconds(), e.side())).toList();
    return new SessionLogged(sessionId, planId, plan.patientId(), performedOn, logs, painBefore, painAfter,
        symptoms == null ? Set.of() : symptoms, note);
  }
}
