package care.thoracic.contracts.clinical;

import care.thoracic.contracts.EnumSets;
import care.thoracic.contracts.Nullable;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;

/**
 * A triage intake as accepted (CLINICAL §1); the REST layer has already named any invalid field.
 * {@code notes}: what the patient wants their clinician to know, in their words; the rules never read
 * it. Added on 2026-12-01: events and documents written before have none.
 */
public record TriageIntake(
    int age,
    ZoneId timezone,
    int painScore,
    ThoracicRange painRegion,
    Onset onset,
    LocalDate onsetDate,
    Set<Aggravator> aggravators,
    Set<HistoryItem> history,
    Set<IntakeSymptom> symptoms,
    RedFlagAnswers redFlags,
    @Nullable WorkPattern work,
    @Nullable String notes) {
  public static final int MAX_NOTES_LENGTH = 2000;

  public TriageIntake {
    if (age < 5 || age > 120) {
      throw new IllegalArgumentException("age must be between 5 and 120");
    }
    if (painScore < 0 || painScore > 10) {
      throw new IllegalArgumentException("painScore must be between 0 and 10");
    }
    Objects.requireNonNull(timezone, "timezone is required");
    Objects.requireNonNull(painRegion, "painRegion is required");
    Objects.requireNonNull(onset, "onset is required");
    Objects.requireNonNull(onsetDate, "onsetDate is required");
    Objects.requireNonNull(redFlags, "redFlags is required");
    aggravators = EnumSets.copyOf(Aggravator.class, aggravators);
    history = EnumSets.copyOf(HistoryItem.class, history);
    symptoms = EnumSets.copyOf(IntakeSymptom.class, symptoms);
    if (notes != null && (notes.isBlank() || notes.length() > MAX_NOTES_LENGTH)) {
      throw new IllegalArgumentException("notes must be 1 to " + MAX_NOTES_LENGTH + " characters, or absent");
    }
  }
}
