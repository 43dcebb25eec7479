package care.thoracic.contracts.events;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.Category;
import care.thoracic.contracts.clinical.Disposition;
import care.thoracic.contracts.clinical.RedFlagFinding;
import care.thoracic.contracts.clinical.SuspectedCondition;
import care.thoracic.contracts.clinical.TriageIntake;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** An intake was triaged: the intake itself, the decision, and the reasons a patient can read. */
public record TriageCompleted(
    UUID triageId,
    PatientId patientId,
    String rulesVersion,
    TriageIntake intake,
    Category category,
    List<SuspectedCondition> suspectedConditions,
    Disposition disposition,
    List<RedFlagFinding> redFlags,
    List<String> reasons)
    implements TriageEvent {

  public TriageCompleted {
    Objects.requireNonNull(triageId, "triageId is required");
    Objects.requireNonNull(patientId, "patientId is required");
    Objects.requireNonNull(rulesVersion, "rulesVersion is required");
    Objects.requireNonNull(intake, "intake is required");
    Objects.requireNonNull(category, "category is required");
    Objects.requireNonNull(disposition, "disposition is required");
    suspectedConditions = List.copyOf(suspectedConditions);
    redFlags = List.copyOf(redFlags);
    reasons = List.copyOf(reasons);
  }
}
