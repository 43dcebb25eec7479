package care.thoracic.contracts.events;

import care.thoracic.contracts.Nullable;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.Category;
import care.thoracic.contracts.clinical.Disposition;
import care.thoracic.contracts.clinical.PlanVariant;
import care.thoracic.contracts.clinical.WorkPattern;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The patient of this open plan was triaged again, not urgently (CLINICAL §8): the new triage is
 * recorded on the open plan, with the plan it proposes, and waits in the clinic's work queue until a
 * clinician keeps this plan or replaces it ({@link RetriageDecided}). No second plan opens meanwhile.
 */
public record PlanRetriaged(
    UUID planId,
    PatientId patientId,
    UUID triageId,
    Category category,
    Disposition disposition,
    PlanVariant variant,
    List<String> reasons,
    LocalDate onsetDate,
    ZoneId timezone,
    int baselinePain,
    @Nullable WorkPattern work)
    implements PlanEvent {

  public PlanRetriaged {
    Objects.requireNonNull(planId, "planId is required");
    Objects.requireNonNull(patientId, "patientId is required");
    Objects.requireNonNull(triageId, "triageId is required");
    Objects.requireNonNull(category, "category is required");
    Objects.requireNonNull(disposition, "disposition is required");
    if (disposition == Disposition.URGENT) {
      throw new IllegalArgumentException("an URGENT triage suspends the open plan; it is never recorded as a re-triage");
    }
    Objects.requireNonNull(variant, "variant is required");
    reasons = List.copyOf(reasons);
    Objects.requireNonNull(onsetDate, "onsetDate is required");
    Objects.requireNonNull(timezone, "timezone is required");
    if (baselinePain < 0 || baselinePain > 10) {
      throw new IllegalArgumentException("baselinePain must be between 0 and 10");
    }
  }
}
