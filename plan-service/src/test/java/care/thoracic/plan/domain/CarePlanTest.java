package care.thoracic.plan.domain;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.Category;
import care.thoracic.contracts.clinical.ClinicalFigures.Adherence;
import care.thoracic.contracts.clinical.ClinicalFigures.MeanPain;
import care.thoracic.contracts.clinical.DecidedBy;
import care.thoracic.contracts.clinical.Disposition;
import care.thoracic.contracts.clinical.FlagCode;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.PlanVariant;
import care.thoracic.contracts.clinical.RetriageDecision;
import care.thoracic.contracts.events.PhaseAdvanced;
import care.thoracic.contracts.events.PhaseHeld;
import care.thoracic.contracts.events.PlanApproved;
import care.thoracic.contracts.events.PlanAwaitingApproval;
import care.thoracic.contracts.events.PlanCompleted;
import care.thoracic.contracts.events.PlanEvent;
import care.thoracic.contracts.events.PlanResumed;
import care.thoracic.contracts.events.PlanRetriaged;
import care.thoracic.contracts.events.PlanStarted;
import care.thoracic.contracts.events.PlanSuspended;
import care.thoracic.contracts.events.RestrictionCleared;
import care.thoracic.contracts.events.RetriageDecided;
import care.thoracic.contracts.events.TriageCompleted;
import care.thoracic.eventsourcing.testing.DeciderSpec;
import care.thoracic.plan.config.ProtocolFiles;
import care.thoracic.testkit.TestTriages;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CarePlanTest {
  private static final UUID TRIAGE = UUID.fromString("0b6a7c1d-2e3f-4a5b-8c9d-0e1f2a3b4c01");
  private static final UUID PLAN = CarePlan.planId(TRIAGE);
  private static final PatientId PATIENT = PatientId.of("pat-7");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final LocalDate ONSET = LocalDate.of(2026, 11, 20);
  private static final String PROTOCOL = "thoracic-v1@2026.12";
  private static final UUID FLAG = UUID.fromString("7a7a7a7a-1b1b-4c2c-8d3d-4e4e4e4e4e01");
  private static final UUID OTHER_FLAG = UUID.fromString("7a7a7a7a-1b1b-4c2c-8d3d-4e4e4e4e4e02");

  private final DeciderSpec<CarePlan.Command, PlanEvent, CarePlan.State> spec =
      DeciderSpec.of(new CarePlan(ProtocolFiles.load()));

  private static TriageCompleted triage(Category category, Disposition disposition) {
    return TestTriages.completed(TRIAGE, PATIENT.value(), 5, ONSET, category, disposition);
  }

  private static PlanStarted started(Phase phase, LocalDate on, LocalDate review) {
    return new PlanStarted(PLAN, PATIENT, TRIAGE, PROTOCOL, PlanVariant.STANDARD, phase, ONSET, BERLIN, 5, null, on,
        review);
  }

  private static final PlanStarted IN_FOUNDATION = started(Phase.FOUNDATION, LocalDate.of(2026, 11, 24),
      LocalDate.of(2026, 12, 8));

  private static PhaseReview.Facts good() {
    return new PhaseReview.Facts(new Adherence(12, 14), new MeanPain(9, 3, 3), 5, null);
  }

  private static PhaseReview.Facts poor() {
    return new PhaseReview.Facts(new Adherence(4, 14), new MeanPain(9, 3, 3), 5, null);
  }

  @Test
  void self_care_within_72_hours_of_onset_starts_in_acute_reviewed_when_the_72_hours_end() {
    spec.given().when(new CarePlan.StartFromTriage(triage(Category.MECHANICAL, Disposition.SELF_CARE), ONSET.plusDays(2)))
        .then(started(Phase.ACUTE, ONSET.plusDays(2), ONSET.plusDays(3)));
  }

  @Test
  void self_care_72_hours_or_more_after_onset_starts_in_foundation_for_two_weeks() {
    spec.given().when(new CarePlan.StartFromTriage(triage(Category.MECHANICAL, Disposition.SELF_CARE), ONSET.plusDays(3)))
        .then(started(Phase.FOUNDATION, ONSET.plusDays(3), ONSET.plusDays(17)));
  }

  @Test
  void modified_care_and_referral_wait_for_approval_with_their_variant() {
    spec.given().when(new CarePlan.StartFromTriage(triage(Category.STRUCTURAL, Disposition.MODIFIED_CARE), ONSET))
        .then(new PlanAwaitingApproval(PLAN, PATIENT, TRIAGE, PROTOCOL, PlanVariant.STRUCTURAL, Category.STRUCTURAL,
            Disposition.MODIFIED_CARE, List.of("Posture strain."), ONSET, BERLIN, 5, null));
    spec.given().when(new CarePlan.StartFromTriage(triage(Category.SYSTEMIC, Disposition.REFER), ONSET))
        .then(events -> assertThat(events).singleElement().isInstanceOfSatisfying(PlanAwaitingApproval.class,
            awaiting -> assertThat(awaiting.variant()).isEqualTo(PlanVariant.SYSTEMIC)));
  }

  @Test
  void an_urgent_triage_starts_no_plan() {
    spec.given().when(new CarePlan.StartFromTriage(triage(Category.MECHANICAL, Disposition.URGENT), ONSET)).thenNothing();
  }

  @Test
  void a_redelivered_triage_starts_nothing_new() {
    spec.given(IN_FOUNDATION)
        .when(new CarePlan.StartFromTriage(triage(Category.MECHANICAL, Disposition.SELF_CARE), ONSET.plusDays(9)))
        .thenNothing();
  }

  @Test
  void approval_starts_the_plan_from_the_day_it_is_approved() {
    LocalDate approvedOn = LocalDate.of(2026, 11, 26);
    spec.given(new PlanAwaitingApproval(PLAN, PATIENT, TRIAGE, PROTOCOL, PlanVariant.STRUCTURAL, Category.STRUCTURAL,
            Disposition.MODIFIED_CARE, List.of("Disc disease."), ONSET, BERLIN, 5, null))
        .when(new CarePlan.Approve("Imaging reviewed.", approvedOn))
        .then(new PlanApproved(PLAN, PATIENT, "Imaging reviewed."),
            new PlanStarted(PLAN, PATIENT, TRIAGE, PROTOCOL, PlanVariant.STRUCTURAL, Phase.FOUNDATION, ONSET, BERLIN, 5,
                null, approvedOn, approvedOn.plusDays(14)));
  }

  @Test
  void an_active_plan_cannot_be_approved_again() {
    spec.given(IN_FOUNDATION).when(new CarePlan.Approve("again", ONSET)).thenRejected("awaiting approval");
  }

  @Test
  void a_review_before_its_day_decides_nothing() {
    spec.given(IN_FOUNDATION).when(new CarePlan.ReviewPhase(LocalDate.of(2026, 12, 7), good())).thenNothing();
  }

  @Test
  void acute_ends_by_the_clock_without_criteria() {
    spec.given(started(Phase.ACUTE, ONSET, ONSET.plusDays(3)))
        .when(new CarePlan.ReviewPhase(ONSET.plusDays(3), null))
        .then(new PhaseAdvanced(PLAN, PATIENT, Phase.ACUTE, Phase.FOUNDATION, DecidedBy.SCHEDULED_REVIEW,
            List.of("72 hours have passed since the pain began: the acute phase is over."), ONSET.plusDays(3),
            ONSET.plusDays(17)));
  }

  @Test
  void a_review_that_meets_the_criteria_advances_with_its_reasons() {
    LocalDate reviewDay = LocalDate.of(2026, 12, 8);
    spec.given(IN_FOUNDATION).when(new CarePlan.ReviewPhase(reviewDay, good()))
        .then(events -> assertThat(events).singleElement().isInstanceOfSatisfying(PhaseAdvanced.class, advanced -> {
          assertThat(advanced.toPhase()).isEqualTo(Phase.MOBILITY);
          assertThat(advanced.decidedBy()).isEqualTo(DecidedBy.SCHEDULED_REVIEW);
          assertThat(advanced.phaseStartedOn()).isEqualTo(reviewDay);
          assertThat(advanced.nextReviewOn()).isEqualTo(reviewDay.plusDays(14));
          assertThat(advanced.reasons()).contains("Adherence 85% (12 of 14 days with a session; at least 60% needed).");
        }));
  }

  @Test
  void a_review_that_misses_holds_for_a_week_and_the_second_hold_asks_for_a_clinician() {
    LocalDate reviewDay = LocalDate.of(2026, 12, 8);
    PhaseHeld firstHold = (PhaseHeld) spec.given(IN_FOUNDATION).when(new CarePlan.ReviewPhase(reviewDay, poor()))
        .decidedEvents().getFirst();
    assertThat(firstHold.consecutiveHolds()).isEqualTo(1);
    assertThat(firstHold.clinicianReviewRequested()).isFalse();
    assertThat(firstHold.nextReviewOn()).isEqualTo(reviewDay.plusDays(7));
    spec.given(IN_FOUNDATION, firstHold).when(new CarePlan.ReviewPhase(reviewDay.plusDays(6), poor())).thenNothing();
    spec.given(IN_FOUNDATION, firstHold).when(new CarePlan.ReviewPhase(reviewDay.plusDays(7), poor()))
        .then(events -> assertThat(events).singleElement().isInstanceOfSatisfying(PhaseHeld.class, second -> {
          assertThat(second.consecutiveHolds()).isEqualTo(2);
          assertThat(second.clinicianReviewRequested()).isTrue();
        }));
  }

  @Test
  void an_advance_after_a_hold_starts_the_count_again() {
    PhaseHeld held = new PhaseHeld(PLAN, PATIENT, Phase.FOUNDATION, DecidedBy.SCHEDULED_REVIEW, 1, false,
        LocalDate.of(2026, 12, 15), List.of("Adherence low."));
    PhaseAdvanced advanced = new PhaseAdvanced(PLAN, PATIENT, Phase.FOUNDATION, Phase.MOBILITY,
        DecidedBy.SCHEDULED_REVIEW, List.of("ok"), LocalDate.of(2026, 12, 15), LocalDate.of(2026, 12, 29));
    spec.given(IN_FOUNDATION, held, advanced).when(new CarePlan.ReviewPhase(LocalDate.of(2026, 12, 29), poor()))
        .then(events -> assertThat(((PhaseHeld) events.getFirst()).consecutiveHolds()).isEqualTo(1));
  }

  @Test
  void a_clinician_advances_or_holds_by_hand_with_the_reason() {
    LocalDate today = LocalDate.of(2026, 12, 1);
    spec.given(IN_FOUNDATION).when(new CarePlan.Advance("Doing very well.", today))
        .then(new PhaseAdvanced(PLAN, PATIENT, Phase.FOUNDATION, Phase.MOBILITY, DecidedBy.CLINICIAN,
            List.of("Doing very well."), today, today.plusDays(14)));
    spec.given(IN_FOUNDATION).when(new CarePlan.Hold("Wait for the scan.", today))
        .then(new PhaseHeld(PLAN, PATIENT, Phase.FOUNDATION, DecidedBy.CLINICIAN, 1, false, today.plusDays(7),
            List.of("Wait for the scan.")));
  }

  @Test
  void maintenance_is_the_last_phase_and_has_no_review() {
    PhaseAdvanced toMaintenance = new PhaseAdvanced(PLAN, PATIENT, Phase.STRENGTH, Phase.MAINTENANCE,
        DecidedBy.SCHEDULED_REVIEW, List.of("ok"), LocalDate.of(2027, 1, 20), null);
    spec.given(IN_FOUNDATION, toMaintenance).when(new CarePlan.Advance("more", LocalDate.of(2027, 2, 1)))
        .thenRejected("MAINTENANCE is the last phase");
    spec.given(IN_FOUNDATION, toMaintenance).when(new CarePlan.ReviewPhase(LocalDate.of(2027, 6, 1), good()))
        .thenNothing();
  }

  @Test
  void a_red_flag_suspends_once_and_a_second_flag_is_added() {
    PlanSuspended suspended = new PlanSuspended(PLAN, PATIENT, FLAG, FlagCode.WORSENING_PAIN,
        "Red flag WORSENING_PAIN was raised: the plan is suspended until a clinician resumes it.");
    spec.given(IN_FOUNDATION).when(new CarePlan.SuspendForFlag(FLAG, FlagCode.WORSENING_PAIN, null)).then(suspended);
    spec.given(IN_FOUNDATION, suspended).when(new CarePlan.SuspendForFlag(FLAG, FlagCode.WORSENING_PAIN, null))
        .thenNothing();
    spec.given(IN_FOUNDATION, suspended)
        .when(new CarePlan.SuspendForFlag(OTHER_FLAG, FlagCode.PERSISTENT_NEUROLOGICAL_SYMPTOMS, null))
        .then(events -> assertThat(((PlanSuspended) events.getFirst()).flagId()).isEqualTo(OTHER_FLAG));
  }

  @Test
  void a_suspended_plan_is_not_reviewed_and_resuming_resolves_every_open_flag() {
    PlanSuspended first = new PlanSuspended(PLAN, PATIENT, FLAG, FlagCode.WORSENING_PAIN, "flag");
    PlanSuspended second = new PlanSuspended(PLAN, PATIENT, OTHER_FLAG, FlagCode.NO_IMPROVEMENT, "flag");
    LocalDate today = LocalDate.of(2026, 12, 10);
    spec.given(IN_FOUNDATION, first).when(new CarePlan.ReviewPhase(today, good())).thenNothing();
    spec.given(IN_FOUNDATION, first, second).when(new CarePlan.Resume("MRI clear.", today))
        .then(new PlanResumed(PLAN, PATIENT, Phase.FOUNDATION, List.of(FLAG, OTHER_FLAG), "MRI clear.",
            today.plusDays(7)));
    spec.given(IN_FOUNDATION).when(new CarePlan.Resume("nothing to resume", today)).thenRejected("suspended");
  }

  @Test
  void a_flag_the_clinician_resumed_from_does_not_suspend_the_plan_again_when_it_comes_again() {
    PlanSuspended suspended = new PlanSuspended(PLAN, PATIENT, FLAG, FlagCode.PROGRESSIVE_NUMBNESS, "flag");
    PlanResumed resumed = new PlanResumed(PLAN, PATIENT, Phase.FOUNDATION, List.of(FLAG), "Exam normal.",
        LocalDate.of(2026, 12, 8));
    spec.given(IN_FOUNDATION, suspended, resumed)
        .when(new CarePlan.SuspendForFlag(FLAG, FlagCode.PROGRESSIVE_NUMBNESS, null)).thenNothing();
    spec.given(IN_FOUNDATION, suspended, resumed)
        .when(new CarePlan.SuspendForFlag(OTHER_FLAG, FlagCode.PERSISTENT_NEUROLOGICAL_SYMPTOMS, null))
        .then(events -> assertThat(((PlanSuspended) events.getFirst()).flagId()).isEqualTo(OTHER_FLAG));
  }

  @Test
  void a_plan_resumed_early_in_its_phase_keeps_the_phase_review_day() {
    PlanSuspended suspended = new PlanSuspended(PLAN, PATIENT, FLAG, FlagCode.PROGRESSIVE_NUMBNESS, "flag");
    LocalDate fourDaysIn = LocalDate.of(2026, 11, 28);
    spec.given(IN_FOUNDATION, suspended).when(new CarePlan.Resume("Exam normal.", fourDaysIn))
        .then(new PlanResumed(PLAN, PATIENT, Phase.FOUNDATION, List.of(FLAG), "Exam normal.", LocalDate.of(2026, 12, 8)));
  }

  @Test
  void flags_do_not_suspend_a_plan_that_is_not_running() {
    PlanAwaitingApproval awaiting = new PlanAwaitingApproval(PLAN, PATIENT, TRIAGE, PROTOCOL, PlanVariant.STANDARD,
        Category.MECHANICAL, Disposition.REFER, List.of("cancer history"), ONSET, BERLIN, 5, null);
    spec.given(awaiting).when(new CarePlan.SuspendForFlag(FLAG, FlagCode.HISTORY_OF_CANCER, TRIAGE)).thenNothing();
    spec.given().when(new CarePlan.SuspendForFlag(FLAG, FlagCode.WORSENING_PAIN, null)).thenNothing();
    spec.given(awaiting).when(new CarePlan.Suspend("by hand")).thenRejected("only an active plan");
  }

  @Test
  void a_clinician_completes_a_running_plan_once() {
    PlanCompleted completed = new PlanCompleted(PLAN, PATIENT, "Discharged.");
    spec.given(IN_FOUNDATION).when(new CarePlan.Complete("Discharged.")).then(completed);
    spec.given(IN_FOUNDATION, completed).when(new CarePlan.Complete("again")).thenRejected("completed");
    spec.given(IN_FOUNDATION, completed).when(new CarePlan.SuspendForFlag(FLAG, FlagCode.WORSENING_PAIN, null))
        .thenNothing();
  }

  private static final UUID RETRIAGE = UUID.fromString("0b6a7c1d-2e3f-4a5b-8c9d-0e1f2a3b4c02");

  private static TriageCompleted retriage(Category category, Disposition disposition) {
    return TestTriages.completed(RETRIAGE, PATIENT.value(), 7, ONSET.plusDays(10), category, disposition);
  }

  private static PlanRetriaged recorded(Category category, Disposition disposition, PlanVariant variant) {
    return new PlanRetriaged(PLAN, PATIENT, RETRIAGE, category, disposition, variant, List.of("Posture strain."),
        ONSET.plusDays(10), BERLIN, 7, null);
  }

  @Test
  void given_an_open_plan_when_the_patient_is_triaged_again_then_it_is_recorded_once_for_a_clinician() {
    PlanRetriaged recorded = recorded(Category.STRUCTURAL, Disposition.MODIFIED_CARE, PlanVariant.STRUCTURAL);
    spec.given(IN_FOUNDATION).when(new CarePlan.RecordRetriage(retriage(Category.STRUCTURAL, Disposition.MODIFIED_CARE)))
        .then(recorded);
    spec.given(IN_FOUNDATION, recorded)
        .when(new CarePlan.RecordRetriage(retriage(Category.STRUCTURAL, Disposition.MODIFIED_CARE))).thenNothing();
    spec.given(IN_FOUNDATION).when(new CarePlan.RecordRetriage(triage(Category.MECHANICAL, Disposition.SELF_CARE)))
        .thenNothing(); // the plan's own triage, redelivered
    spec.given(IN_FOUNDATION, new PlanCompleted(PLAN, PATIENT, "Discharged."))
        .when(new CarePlan.RecordRetriage(retriage(Category.MECHANICAL, Disposition.SELF_CARE))).thenNothing();
  }

  @Test
  void given_a_recorded_retriage_when_the_clinician_keeps_the_plan_then_it_goes_on_and_waits_for_nothing() {
    PlanRetriaged recorded = recorded(Category.MECHANICAL, Disposition.SELF_CARE, PlanVariant.STANDARD);
    RetriageDecided kept = new RetriageDecided(PLAN, PATIENT, RETRIAGE, RetriageDecision.KEEP_PLAN,
        "Same problem; the plan works.", null);
    spec.given(IN_FOUNDATION, recorded)
        .when(new CarePlan.DecideRetriage(RETRIAGE, RetriageDecision.KEEP_PLAN, "Same problem; the plan works."))
        .then(kept);
    spec.given(IN_FOUNDATION, recorded, kept)
        .when(new CarePlan.DecideRetriage(RETRIAGE, RetriageDecision.REPLACE_PLAN, "changed my mind"))
        .thenRejected("not waiting for a decision");
  }

  @Test
  void given_a_recorded_retriage_when_the_clinician_replaces_the_plan_then_it_ends_and_names_its_replacement() {
    PlanRetriaged recorded = recorded(Category.STRUCTURAL, Disposition.MODIFIED_CARE, PlanVariant.STRUCTURAL);
    UUID replacement = CarePlan.planId(RETRIAGE);
    spec.given(IN_FOUNDATION, recorded)
        .when(new CarePlan.DecideRetriage(RETRIAGE, RetriageDecision.REPLACE_PLAN, "New fracture risk."))
        .then(new RetriageDecided(PLAN, PATIENT, RETRIAGE, RetriageDecision.REPLACE_PLAN, "New fracture risk.",
                replacement),
            new PlanCompleted(PLAN, PATIENT, "Replaced by plan " + replacement + " after a new triage: New fracture risk."));
  }

  @Test
  void a_plan_is_not_replaced_while_suspended_nor_while_another_retriage_waits_and_not_completed_while_one_waits() {
    PlanRetriaged recorded = recorded(Category.STRUCTURAL, Disposition.MODIFIED_CARE, PlanVariant.STRUCTURAL);
    PlanSuspended suspended = new PlanSuspended(PLAN, PATIENT, FLAG, FlagCode.PROGRESSIVE_NUMBNESS, "Red flag.");
    spec.given(IN_FOUNDATION, recorded, suspended)
        .when(new CarePlan.DecideRetriage(RETRIAGE, RetriageDecision.REPLACE_PLAN, "New fracture risk."))
        .thenRejected("suspended by open red flags");
    spec.given(IN_FOUNDATION, recorded, suspended)
        .when(new CarePlan.DecideRetriage(RETRIAGE, RetriageDecision.KEEP_PLAN, "Same problem."))
        .then(new RetriageDecided(PLAN, PATIENT, RETRIAGE, RetriageDecision.KEEP_PLAN, "Same problem.", null));
    PlanRetriaged another = new PlanRetriaged(PLAN, PATIENT, UUID.randomUUID(), Category.MECHANICAL,
        Disposition.SELF_CARE, PlanVariant.STANDARD, List.of("Desk strain."), ONSET.plusDays(11), BERLIN, 4, null);
    spec.given(IN_FOUNDATION, recorded, another)
        .when(new CarePlan.DecideRetriage(RETRIAGE, RetriageDecision.REPLACE_PLAN, "New fracture risk."))
        .thenRejected("decide the other re-triages");
    spec.given(IN_FOUNDATION, recorded).when(new CarePlan.Complete("Discharged."))
        .thenRejected("a re-triage of the patient waits on it");
  }

  @Test
  void the_replacement_starts_or_awaits_approval_as_its_triage_says_and_only_once() {
    DeciderSpec<CarePlan.Command, PlanEvent, CarePlan.State> replacement = DeciderSpec.of(new CarePlan(ProtocolFiles.load()));
    PlanRetriaged modified = recorded(Category.STRUCTURAL, Disposition.MODIFIED_CARE, PlanVariant.STRUCTURAL);
    UUID newPlan = CarePlan.planId(RETRIAGE);
    PlanAwaitingApproval awaiting = new PlanAwaitingApproval(newPlan, PATIENT, RETRIAGE, PROTOCOL,
        PlanVariant.STRUCTURAL, Category.STRUCTURAL, Disposition.MODIFIED_CARE, List.of("Posture strain."),
        ONSET.plusDays(10), BERLIN, 7, null);
    replacement.given().when(new CarePlan.StartReplacement(modified, ONSET.plusDays(12))).then(awaiting);
    replacement.given(awaiting).when(new CarePlan.StartReplacement(modified, ONSET.plusDays(12))).thenNothing();
    PlanRetriaged selfCare = recorded(Category.MECHANICAL, Disposition.SELF_CARE, PlanVariant.STANDARD);
    replacement.given().when(new CarePlan.StartReplacement(selfCare, ONSET.plusDays(12)))
        .then(events -> assertThat(((PlanStarted) events.getFirst()).baselinePain()).isEqualTo(7));
  }

  @Test
  void a_retriage_waiting_while_the_plan_awaits_approval_still_waits_once_it_is_approved() {
    PlanAwaitingApproval awaiting = new PlanAwaitingApproval(PLAN, PATIENT, TRIAGE, PROTOCOL, PlanVariant.STANDARD,
        Category.MECHANICAL, Disposition.REFER, List.of("cancer history"), ONSET, BERLIN, 5, null);
    PlanRetriaged recorded = recorded(Category.MECHANICAL, Disposition.SELF_CARE, PlanVariant.STANDARD);
    LocalDate today = ONSET.plusDays(12);
    List<PlanEvent> approved = spec.given(awaiting, recorded).when(new CarePlan.Approve("ok", today)).decidedEvents();
    spec.given(awaiting, recorded, approved.get(0), approved.get(1))
        .when(new CarePlan.DecideRetriage(RETRIAGE, RetriageDecision.KEEP_PLAN, "keep"))
        .then(new RetriageDecided(PLAN, PATIENT, RETRIAGE, RetriageDecision.KEEP_PLAN, "keep", null));
  }

  @Test
  void a_clinician_clears_the_structural_restriction_once_with_a_reason_and_not_the_systemic_one() {
    PlanStarted structural = new PlanStarted(PLAN, PATIENT, TRIAGE, PROTOCOL, PlanVariant.STRUCTURAL,
        Phase.MOBILITY, ONSET, BERLIN, 5, null, LocalDate.of(2026, 11, 24), LocalDate.of(2026, 12, 8));
    RestrictionCleared cleared = new RestrictionCleared(PLAN, PATIENT, PlanVariant.STRUCTURAL, "DEXA normal.");
    spec.given(structural).when(new CarePlan.ClearRestriction("DEXA normal.")).then(cleared);
    spec.given(structural, cleared).when(new CarePlan.ClearRestriction("again")).thenRejected("already cleared");
    PlanStarted systemic = new PlanStarted(PLAN, PATIENT, TRIAGE, PROTOCOL, PlanVariant.SYSTEMIC,
        Phase.MOBILITY, ONSET, BERLIN, 5, null, LocalDate.of(2026, 11, 24), LocalDate.of(2026, 12, 8));
    spec.given(systemic).when(new CarePlan.ClearRestriction("try")).thenRejected("no restriction a clinician can clear");
    spec.given(IN_FOUNDATION).when(new CarePlan.ClearRestriction("try")).thenRejected("no restriction");
  }
}
