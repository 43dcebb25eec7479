package care.thoracic.contracts.events;

import care.thoracic.contracts.Nullable;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.PlanVariant;
import care.thoracic.contracts.clinical.WorkPattern;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.UUID;

/**
 * A plan is active from now, in {@code phase}. Carries what reminders and progress need to work on
 * their own: onset, the patient's zone, baseline pain and work pattern; and the plan's calendar:
 * the patient-local day it started on and the day its phase is next reviewed (none in MAINTENANCE).
 * A plan that waited for approval starts with this event too, right after {@code PlanApproved}.
 */
public record PlanStarted(
    UUID planId,
    PatientId patientId,
    UUID triageId,
    String protocolVersion,
    PlanVariant variant,
    Phase phase,
    LocalDate onsetDate,
    ZoneId timezone,
    int baselinePain,
    @Nullable WorkPattern work,
    LocalDate startedOn,
    @Nullable LocalDate nextReviewOn)
    implements PlanEvent {

  public PlanStarted {
    Objects.requireNonNull(planId, "planId is required");
    Objects.requireNonNull(patientId, "patientId is required");
    Objects.requireNonNull(triageId, "triageId is required");
    Objects.requireNonNull(protocolVersion, "protocolVersion is required");
    Objects.requireNonNull(variant, "variant is required");
    Objects.requireNonNull(phase, "phase is required");
    Objects.requireNonNull(onsetDate, "onsetDate is required");
    Objects.requireNonNull(timezone, "timezone is required");
    Objects.requireNonNull(startedOn, "startedOn is required");
    if (baselinePain < 0 || baselinePain > 10) {
      throw new IllegalArgumentException("baselinePain must be between 0 and 10");
    }
  }
}
