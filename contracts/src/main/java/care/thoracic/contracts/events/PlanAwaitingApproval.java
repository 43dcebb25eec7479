package care.thoracic.contracts.events;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.Category;
import care.thoracic.contracts.clinical.Disposition;
import care.thoracic.contracts.clinical.PlanVariant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Triage asked for modified care or a referral: the plan waits for a clinician to approve it. */
public record PlanAwaitingApproval(
    UUID planId,
    PatientId patientId,
    UUID triageId,
    String protocolVersion,
    PlanVariant variant,
    Category category,
    Disposition disposition,
    List<String> reasons)
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
  }
}
