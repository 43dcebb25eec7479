package care.thoracic.contracts.clinical;

import care.thoracic.contracts.Nullable;
import java.util.Objects;

/** One exercise of a logged session: sets of either repetitions or a held position. */
public record ExerciseLog(
    String exerciseId, int sets, @Nullable Integer reps, @Nullable Integer holdSeconds, @Nullable Side side) {
  public ExerciseLog {
    Objects.requireNonNull(exerciseId, "exerciseId is required");
    if (sets < 1) {
      throw new IllegalArgumentException("sets must be at least 1");
    }
    if ((reps == null) == (holdSeconds == null)) {
      throw new IllegalArgumentException("exactly one of reps or holdSeconds is required");
    }
  }
}
