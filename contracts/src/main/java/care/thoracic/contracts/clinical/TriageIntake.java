package care.thoracic.contracts.clinical;

import care.thoracic.contracts.EnumSets;
import care.thoracic.contracts.Nullable;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;

/** A triage intake as accepted (CLINICAL §1); the REST layer has already named any invalid field. */
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
    @Nullable WorkPattern work) {

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
  }
}
