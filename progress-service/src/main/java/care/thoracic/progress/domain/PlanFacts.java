package care.thoracic.progress.domain;

import care.thoracic.contracts.Nullable;
import care.thoracic.contracts.PatientId;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;


/**
 * What progress knows of a plan, from the plan events it consumed: whose it is, whether it runs,
 * the baseline pain the rules compare with, the day it started in the patient's zone, and the
 * flags a clinician resolved by resuming it.
 */
public record PlanFacts(UUID planId, PatientId patientId, Status status, int baselinePain,
    @Nullable LocalDate startedOn, ZoneId timezone, Set<UUID> resolvedFlagIds) {

  public enum Status {
    AWAITING_APPROVAL, ACTIVE, SUSPENDED, COMPLETED
  }

  public PlanFacts {
    Objects.requireNonNull(planId, "planId is required");
    Objects.requireNonNull(patientId, "patientId is required");
    Objects.requireNonNull(status, "status is required");
    Objects.requireNonNull(timezone, "timezone is required");
    resolvedFlagIds = Set.copyOf(resolvedFlagIds);
  }

  /** Started, and not completed: sessions are recorded and the rules run (suspended plans included). */
  public boolean running() {
    return startedOn != null && (status == Status.ACTIVE || status == Status.SUSPENDED);
  }
}
