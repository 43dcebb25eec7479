package care.thoracic.progress.domain;

import care.thoracic.contracts.Nullable;
import care.thoracic.contracts.PatientId;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What progress knows of a plan, from the plan events it consumed: whose it is, whether it runs,
 * the baseline pain the rules compare with, the day it started in the patient's zone, and each time
 * a clinician resumed it, with the flags that resolved (a decision the time-based rules respect, §8).
 */
public record PlanFacts(UUID planId, PatientId patientId, Status status, int baselinePain,
    @Nullable LocalDate startedOn, ZoneId timezone, Set<UUID> resolvedFlagIds, List<Resume> resumes) {

  /** A clinician resumed the plan on {@code on} (the patient's date), resolving these flags. */
  public record Resume(LocalDate on, Set<UUID> resolvedFlagIds) {
    public Resume {
      resolvedFlagIds = Set.copyOf(resolvedFlagIds);
    }
  }

  public enum Status {
    AWAITING_APPROVAL, ACTIVE, SUSPENDED, COMPLETED
  }

  public PlanFacts {
    Objects.requireNonNull(planId, "planId is required");
    Objects.requireNonNull(patientId, "patientId is required");
    Objects.requireNonNull(status, "status is required");
    Objects.requireNonNull(timezone, "timezone is required");
    resolvedFlagIds = Set.copyOf(resolvedFlagIds);
    resumes = List.copyOf(resumes);
  }

  /** The latest resume that resolved one of {@code flags}, if any: where a time-based rule starts again. */
  public Optional<Resume> lastResumeResolvingAny(Set<UUID> flags) {
    Resume latest = null;
    for (Resume resume : resumes) {
      if (!Collections.disjoint(resume.resolvedFlagIds(), flags) && (latest == null || !resume.on().isBefore(latest.on()))) {
        latest = resume;
      }
    }
    return Optional.ofNullable(latest);
  }

  /** Started, and not completed: sessions are recorded and the rules run (suspended plans included). */
  public boolean running() {
    return startedOn != null && (status == Status.ACTIVE || status == Status.SUSPENDED);
  }
}
