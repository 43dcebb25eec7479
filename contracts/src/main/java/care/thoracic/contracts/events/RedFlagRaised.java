package care.thoracic.contracts.events;

import care.thoracic.contracts.Nullable;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.FlagCode;
import care.thoracic.contracts.clinical.FlagSource;
import care.thoracic.contracts.clinical.Recommendation;
import care.thoracic.contracts.clinical.Severity;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A warning sign that needs a clinician. From triage it names the triage; from progress it names
 * the plan (and suspends it).
 */
public record RedFlagRaised(
    UUID flagId,
    PatientId patientId,
    FlagCode code,
    Severity severity,
    Recommendation recommendation,
    FlagSource source,
    @Nullable UUID triageId,
    @Nullable UUID planId,
    List<String> reasons)
    implements RedFlagEvent {

  public RedFlagRaised {
    Objects.requireNonNull(flagId, "flagId is required");
    Objects.requireNonNull(patientId, "patientId is required");
    Objects.requireNonNull(code, "code is required");
    Objects.requireNonNull(severity, "severity is required");
    Objects.requireNonNull(recommendation, "recommendation is required");
    Objects.requireNonNull(source, "source is required");
    if (triageId == null && planId == null) {
      throw new IllegalArgumentException("a flag names its triage or its plan");
    }
    reasons = List.copyOf(reasons);
  }
}
