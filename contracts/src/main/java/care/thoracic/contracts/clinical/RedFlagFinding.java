package care.thoracic.contracts.clinical;

import java.util.Objects;

/** One flag as triage reports it: the code with its severity and what to do. */
public record RedFlagFinding(FlagCode code, Severity severity, Recommendation recommendation) {
  public RedFlagFinding {
    Objects.requireNonNull(code, "code is required");
    Objects.requireNonNull(severity, "severity is required");
    Objects.requireNonNull(recommendation, "recommendation is required");
  }
}
