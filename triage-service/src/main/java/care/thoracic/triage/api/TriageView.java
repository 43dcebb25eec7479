package care.thoracic.triage.api;

import care.thoracic.contracts.clinical.Category;
import care.thoracic.contracts.clinical.Disposition;
import care.thoracic.contracts.clinical.RedFlagFinding;
import care.thoracic.contracts.clinical.SuspectedCondition;
import care.thoracic.contracts.clinical.TriageIntake;
import care.thoracic.contracts.events.TriageCompleted;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A triage as patients and clinicians read it: the decision, the flags, and why. */
@Schema(name = "Triage")
public record TriageView(
    UUID triageId,
    String patientId,
    Instant completedAt,
    String rulesVersion,
    Category category,
    List<SuspectedCondition> suspectedConditions,
    Disposition disposition,
    List<RedFlagFinding> redFlags,
    @Schema(description = "Plain sentences explaining the decision, in the order the rules found them") List<String> reasons,
    TriageIntake intake) {

  static TriageView of(TriageCompleted triage, Instant completedAt) {
    return new TriageView(triage.triageId(), triage.patientId().value(), completedAt, triage.rulesVersion(),
        triage.category(), triage.suspectedConditions(), triage.disposition(), triage.redFlags(), triage.reasons(),
        triage.intake());
  }
}
