package care.thoracic.contracts.events;

import care.thoracic.contracts.PatientId;
import java.util.Objects;
import java.util.UUID;

/** A clinician approved a plan that was waiting; the approving clinician is the event's actor. */
public record PlanApproved(UUID planId, PatientId patientId, String reason) implements PlanEvent {
  public PlanApproved {
    Objects.requireNonNull(planId, "planId is required");
    Objects.requireNonNull(patientId, "patientId is required");
    Objects.requireNonNull(reason, "reason is required");
  }
}
