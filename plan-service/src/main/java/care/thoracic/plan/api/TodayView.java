package care.thoracic.plan.api;

import care.thoracic.contracts.clinical.Phase;
import care.thoracic.plan.domain.Protocol;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/** What the patient does today, in their zone: the phase's activities with dosage, as the plan's variant keeps them. */
public record TodayView(
    UUID planId,
    LocalDate date,
    ZoneId timezone,
    Phase phase,
    long dayOfPhase,
    String window,
    List<Protocol.Activity> activities,
    List<Protocol.EducationItem> education) {}
