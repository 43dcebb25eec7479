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
 * Triage asked for modified care or a referral: the plan waits for a clinician to approve it. It
 * carries what the plan will start with once approved (onset, zone, baseline pain, work pattern).
 */
public record PlanAwaitingApproval(
    UUID planId,
    PatientId patientId,
    UUID triageId,
    String protocolVersion,
    PlanVariant variant,
    Category category,
    Disposition disposition,
    List<String> reasons,
    LocalDate onsetDate,
    ZoneId timezone,
    int baselinePain,
    @Nullable WorkPattern work)
    implements PlanEvent {

  public PlanAwaitingApproval {
    Objects.requireNonNull(planId, "planId is required");
    Objects.requireNonNull(patientId, "patientId is required");
    Objects.requireNonNull(triageId, "triageId is required");
    Objects.requireNonNull(protocolVersion, "protocolVersion is required");
    Objects.requireNonNull(variant, "variant is required");
    Objects.requireNonNull(category, "category is required");
    Objects.requireNonNull(disposition, "disposition is required");
    reasons = List.copyOf(reasons);
    Objects.requireNonNull(onsetDate, "onsetDate is required");
    Objects.requireNonNull(timezone, "timezone is required");
    if (baselinePain < 0 || baselinePain > 10) {
      throw new IllegalArgumentException("baselinePain must be between 0 and 10");
    }
  }
}
