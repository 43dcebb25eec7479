package care.thoracic.contracts.events;

import care.thoracic.contracts.Nullable;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.FlagCode;
import java.util.Objects;
import java.util.UUID;

/** Therapy pauses until a clinician resumes it: because a flag was raised, or by hand. */
public record PlanSuspended(
    UUID planId, PatientId patientId, @Nullable UUID flagId, @Nullable FlagCode flagCode, String reason)
    implements PlanEvent {

  public PlanSuspended {
    Objects.requireNonNull(planId, "planId is required");
    Objects.requireNonNull(patientId, "patientId is required");
    Objects.requireNonNull(reason, "reason is required");
    if ((flagId == null) != (flagCode == null)) {
      throw new IllegalArgumentException("flagId and flagCode come together");
    }
  }
}
