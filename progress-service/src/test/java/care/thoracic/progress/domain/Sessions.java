package care.thoracic.progress.domain;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.ExerciseLog;
import care.thoracic.contracts.clinical.SessionSymptom;
import care.thoracic.contracts.events.SessionLogged;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** A plan and its sessions as the domain tests need them. */
final class Sessions {
  static final UUID PLAN = UUID.fromString("5e55a0a0-1b1b-4c2c-8d3d-4e4e4e4e4e01");
  static final PatientId PATIENT = PatientId.of("pat-11");
  static final LocalDate START = LocalDate.of(2026, 10, 1);
  static final int BASELINE = 5;

  private Sessions() {}

  static PlanFacts plan(PlanFacts.Status status, UUID... resolvedFlags) {
    return new PlanFacts(PLAN, PATIENT, status, BASELINE, START, ZoneId.of("Europe/Berlin"), Set.of(resolvedFlags),
        List.of());
  }

  /** Active again after a clinician resumed it on plan day {@code day}, resolving {@code flags}. */
  static PlanFacts resumedOn(int day, UUID... flags) {
    return new PlanFacts(PLAN, PATIENT, PlanFacts.Status.ACTIVE, BASELINE, START, ZoneId.of("Europe/Berlin"),
        Set.of(flags), List.of(new PlanFacts.Resume(START.plusDays(day), Set.of(flags))));
  }

  static PlanFacts active() {
    return plan(PlanFacts.Status.ACTIVE);
  }

  /** The session of plan day {@code day} (0 = the first day), with a stable id per day and pain. */
  static SessionLogged on(int day, int painBefore, SessionSymptom... symptoms) {
    UUID id = UUID.nameUUIDFromBytes(("session:" + day + ":" + painBefore + ":" + List.of(symptoms))
        .getBytes(StandardCharsets.UTF_8));
    return new SessionLogged(id, PLAN, PATIENT, START.plusDays(day),
        List.of(new ExerciseLog("wall-angels", 2, 10, null, null)), painBefore, Math.max(0, painBefore - 1),
        Set.of(symptoms), null);
  }
}
