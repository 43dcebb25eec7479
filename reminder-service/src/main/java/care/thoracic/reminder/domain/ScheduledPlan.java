package care.thoracic.reminder.domain;

import care.thoracic.contracts.Nullable;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.WorkPattern;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A plan as the reminders see it, from the plan events and the sessions logged against it.
 *
 * @param running false once the plan is suspended or completed: nothing is planned for it
 * @param sessionDays the patient-local days with a logged session (each satisfies that day's exercise reminder)
 */
public record ScheduledPlan(
    UUID planId,
    PatientId patientId,
    Phase phase,
    LocalDate phaseStartedOn,
    LocalDate onsetDate,
    ZoneId timezone,
    @Nullable WorkPattern work,
    boolean running,
    Set<LocalDate> sessionDays) {

  public ScheduledPlan {
    Objects.requireNonNull(planId, "planId is required");
    Objects.requireNonNull(patientId, "patientId is required");
    Objects.requireNonNull(phase, "phase is required");
    Objects.requireNonNull(phaseStartedOn, "phaseStartedOn is required");
    Objects.requireNonNull(onsetDate, "onsetDate is required");
    Objects.requireNonNull(timezone, "timezone is required");
    sessionDays = Set.copyOf(sessionDays);
  }
}
