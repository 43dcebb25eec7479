package care.thoracic.contracts.events;

import care.thoracic.contracts.PatientId;
import java.util.Objects;
import java.util.UUID;

/** A clinician closed the plan. */
public record PlanCompleted(UUID planId, PatientId patientId, String reason) implements PlanEvent {
  public PlanCompleted {
    Objects.requireNonNull(planId, "planId is required");
    Objects.requireNonNull(patientId, "patientId is required");
    Objects.requireNonNull(reason, "reason is required");
  }
}
