package care.thoracic.triage.domain;

import care.thoracic.contracts.clinical.Category;
import care.thoracic.contracts.clinical.Disposition;
import care.thoracic.contracts.clinical.RedFlagFinding;
import care.thoracic.contracts.clinical.SuspectedCondition;
import java.util.List;

/** The outcome of the triage rules for one intake, with its reasons, in the order they were found. */
public record TriageDecision(
    Category category,
    List<SuspectedCondition> suspectedConditions,
    Disposition disposition,
    List<RedFlagFinding> redFlags,
    List<String> reasons,
    String rulesVersion) {

  public TriageDecision {
    suspectedConditions = List.copyOf(suspectedConditions);
    redFlags = List.copyOf(redFlags);
    reasons = List.copyOf(reasons);
    if (reasons.isEmpty()) {
      throw new IllegalArgumentException("a decision always has reasons");
    }
  }
}
