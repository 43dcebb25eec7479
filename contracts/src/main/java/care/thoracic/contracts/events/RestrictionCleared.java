package care.thoracic.contracts.events;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.PlanVariant;
import java.util.Objects;
import java.util.UUID;

/**
 * A clinician cleared the restriction of a restricted variant (CLINICAL §8): from now on the plan
 * follows the full protocol, with the items the variant left out.
 */
public record RestrictionCleared(UUID planId, PatientId patientId, PlanVariant variant, String reason)
    implements PlanEvent {

  public RestrictionCleared {
    Objects.requireNonNull(planId, "planId is required");
    Objects.requireNonNull(patientId, "patientId is required");
    Objects.requireNonNull(variant, "variant is required");
    Objects.requireNonNull(reason, "reason is required");
  }
}
