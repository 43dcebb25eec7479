package care.thoracic.contracts.events;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.ErasureGround;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A clinic-admin erased a patient (who and when are the event's actor and time). Holds no personal
 * data beyond the patient's id, so it stays readable after the erasure: the clinic can show that and
 * why a record was erased, not what it said.
 */
public record PatientErased(PatientId patientId, ErasureGround ground, List<UUID> planIds) implements ErasureEvent {

  /** @param planIds every plan the patient had, for what services keep by plan rather than by patient */
  public PatientErased {
    Objects.requireNonNull(patientId, "patientId is required");
    Objects.requireNonNull(ground, "ground is required");
    planIds = List.copyOf(Objects.requireNonNull(planIds, "planIds is required"));
  }
}
