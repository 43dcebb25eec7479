package care.thoracic.contracts;

import care.thoracic.contracts.clinical.AccessAction;
import care.thoracic.contracts.clinical.AccessOutcome;
import care.thoracic.contracts.clinical.Aggravator;
import care.thoracic.contracts.clinical.Category;
import care.thoracic.contracts.clinical.Channel;
import care.thoracic.contracts.clinical.DecidedBy;
import care.thoracic.contracts.clinical.Disposition;
import care.thoracic.contracts.clinical.ErasureGround;
import care.thoracic.contracts.clinical.ExerciseLog;
import care.thoracic.contracts.clinical.FlagCode;
import care.thoracic.contracts.clinical.FlagSource;
import care.thoracic.contracts.clinical.IntakeSymptom;
import care.thoracic.contracts.clinical.Onset;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.PlanVariant;
import care.thoracic.contracts.clinical.ProgressOutcome;
import care.thoracic.contracts.clinical.Recommendation;
import care.thoracic.contracts.clinical.RedFlagAnswers;
import care.thoracic.contracts.clinical.ReminderKind;
import care.thoracic.contracts.clinical.RetriageDecision;
import care.thoracic.contracts.clinical.SessionSymptom;
import care.thoracic.contracts.clinical.Severity;
import care.thoracic.contracts.clinical.Side;
import care.thoracic.contracts.clinical.SuspectedCondition;
import care.thoracic.contracts.clinical.ThoracicLevel;
import care.thoracic.contracts.clinical.ThoracicRange;
import care.thoracic.contracts.clinical.TriageIntake;
import care.thoracic.contracts.clinical.WorkItemKind;
import care.thoracic.contracts.clinical.WorkPattern;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.DefaultQuietHoursSet;
import care.thoracic.contracts.events.DefaultWorkDaysSet;
import care.thoracic.contracts.events.EventType;
import care.thoracic.contracts.events.PatientDataAccessed;
import care.thoracic.contracts.events.PatientErased;
import care.thoracic.contracts.events.PhaseAdvanced;
import care.thoracic.contracts.events.PhaseHeld;
import care.thoracic.contracts.events.PlanApproved;
import care.thoracic.contracts.events.PlanAwaitingApproval;
import care.thoracic.contracts.events.PlanCompleted;
import care.thoracic.contracts.events.PlanResumed;
import care.thoracic.contracts.events.PlanRetriaged;
import care.thoracic.contracts.events.PlanStarted;
import care.thoracic.contracts.events.PlanSuspended;
import care.thoracic.contracts.events.ProgressAssessed;
import care.thoracic.contracts.events.ProtocolPinned;
import care.thoracic.contracts.events.RedFlagRaised;
import care.thoracic.contracts.events.ReminderFailed;
import care.thoracic.contracts.events.ReminderSent;
import care.thoracic.contracts.events.RestrictionCleared;
import care.thoracic.contracts.events.RetriageDecided;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.contracts.events.TriageCompleted;
import care.thoracic.contracts.events.WebhookSecretSet;
import care.thoracic.contracts.events.WorkItemAcknowledged;
import care.thoracic.contracts.events.WorkItemEscalated;
import care.thoracic.contracts.events.WorkQueueDeadlinesSet;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** One realistic, fully populated instance of every event type; the golden files are their JSON. */
public final class SampleEvents {
  public static final PatientId PATIENT = PatientId.of("pat-0001");
  public static final UUID TRIAGE_ID = UUID.fromString("6f1c2a9e-3b7d-4c1e-9a52-0d4e8b7f1a01");
  public static final UUID PLAN_ID = UUID.fromString("0b9d4e7a-1c2f-4a6b-8e3d-5f7a9c1b2d02");
  public static final UUID FLAG_ID = UUID.fromString("c3e5a7b9-2d4f-4b6a-8c1e-3f5a7b9c1d03");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final WorkPattern OFFICE = new WorkPattern(7, LocalTime.of(9, 0), LocalTime.of(17, 30), true,
      EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY));
  private static final UUID RETRIAGE_ID = UUID.fromString("2c4e6a8b-0d1f-4a3c-9e5b-7d9f1b3d5f08");
  private static final UUID ITEM_ID = UUID.fromString("4e6a8c0d-2f1b-4c5e-8a7d-9b1d3f5a7c09");

  private SampleEvents() {}

  public static TriageIntake intake() {
    return new TriageIntake(
        34,
        BERLIN,
        5,
        new ThoracicRange(ThoracicLevel.T5, ThoracicLevel.T8),
        Onset.GRADUAL,
        LocalDate.of(2026, 11, 20),
        Set.of(Aggravator.DESK_WORK, Aggravator.SITTING, Aggravator.PHONE_USE),
        Set.of(),
        Set.of(IntakeSymptom.FATIGUE),
        new RedFlagAnswers(false, false, false, false, false, false),
        OFFICE,
        "Worse on days with back-to-back calls.");
  }

  public static CareEvent of(EventType type) {
    return switch (type) {
      case TRIAGE_COMPLETED -> new TriageCompleted(
          TRIAGE_ID, PATIENT, "triage-rules-2026.11", intake(), Category.MECHANICAL,
          List.of(SuspectedCondition.POSTURAL_STRAIN), Disposition.SELF_CARE, List.of(),
          List.of("No red flags were reported.",
              "Pain that worsens with desk work, sitting and phone use points to posture strain."));
      case RED_FLAG_RAISED -> new RedFlagRaised(
          FLAG_ID, PATIENT, FlagCode.PERSISTENT_NEUROLOGICAL_SYMPTOMS, Severity.HIGH, Recommendation.IMAGING,
          FlagSource.PROGRESS, null, PLAN_ID,
          List.of("Tingling was first reported 15 days ago and is still reported."));
      case PLAN_STARTED -> new PlanStarted(
          PLAN_ID, PATIENT, TRIAGE_ID, "thoracic-v1", PlanVariant.STANDARD, Phase.FOUNDATION,
          LocalDate.of(2026, 11, 20), BERLIN, 5, OFFICE, LocalDate.of(2026, 11, 24), LocalDate.of(2026, 12, 8));
      case PLAN_AWAITING_APPROVAL -> new PlanAwaitingApproval(
          PLAN_ID, PATIENT, TRIAGE_ID, "thoracic-v1", PlanVariant.STRUCTURAL, Category.STRUCTURAL,
          Disposition.MODIFIED_CARE, List.of("Degenerative disc disease calls for a modified programme."),
          LocalDate.of(2026, 11, 20), BERLIN, 5, OFFICE);
      case PLAN_APPROVED -> new PlanApproved(PLAN_ID, PATIENT, "Imaging reviewed; modified programme is safe.");
      case PHASE_ADVANCED -> new PhaseAdvanced(
          PLAN_ID, PATIENT, Phase.FOUNDATION, Phase.MOBILITY, DecidedBy.SCHEDULED_REVIEW,
          List.of("Adherence 79% (at least 60% needed).", "7-day mean pain 3.4, baseline 5."),
          LocalDate.of(2026, 12, 8), LocalDate.of(2026, 12, 22));
      case PHASE_HELD -> new PhaseHeld(
          PLAN_ID, PATIENT, Phase.MOBILITY, DecidedBy.SCHEDULED_REVIEW, 2, true, LocalDate.of(2026, 12, 25),
          List.of("Adherence 43% (at least 60% needed)."));
      case PLAN_SUSPENDED -> new PlanSuspended(
          PLAN_ID, PATIENT, FLAG_ID, FlagCode.PERSISTENT_NEUROLOGICAL_SYMPTOMS,
          "Flag PERSISTENT_NEUROLOGICAL_SYMPTOMS raised.");
      case PLAN_RESUMED -> new PlanResumed(
          PLAN_ID, PATIENT, Phase.MOBILITY, List.of(FLAG_ID), "MRI clear; symptoms resolved.",
          LocalDate.of(2027, 1, 4));
      case PLAN_COMPLETED -> new PlanCompleted(PLAN_ID, PATIENT, "Pain-free for a month; discharged.");
      case PLAN_RETRIAGED -> new PlanRetriaged(
          PLAN_ID, PATIENT, RETRIAGE_ID, Category.STRUCTURAL, Disposition.MODIFIED_CARE, PlanVariant.STRUCTURAL,
          List.of("Osteoporosis with new pain calls for a modified programme."), LocalDate.of(2026, 12, 10), BERLIN, 6,
          OFFICE);
      case RETRIAGE_DECIDED -> new RetriageDecided(
          PLAN_ID, PATIENT, RETRIAGE_ID, RetriageDecision.REPLACE_PLAN, "New fracture risk: the modified programme.",
          UUID.fromString("6a8c0e2f-4b3d-4e7a-9c1f-1d3f5b7d9e10"));
      case RESTRICTION_CLEARED -> new RestrictionCleared(
          PLAN_ID, PATIENT, PlanVariant.STRUCTURAL, "DEXA scan normal; loaded rotation is safe.");
      case SESSION_LOGGED -> new SessionLogged(
          UUID.fromString("9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c04"), PLAN_ID, PATIENT, LocalDate.of(2026, 11, 23),
          List.of(new ExerciseLog("diaphragmatic-breathing", 3, 10, null, null),
              new ExerciseLog("prone-scapular-setting", 3, null, 5, Side.BOTH)),
          4, 3, Set.of(SessionSymptom.TINGLING), "Felt easier after the second set.");
      case PROGRESS_ASSESSED -> new ProgressAssessed(
          UUID.fromString("5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b05"), PLAN_ID, PATIENT, 4, ProgressOutcome.IMPROVING,
          5, 2.86, -2.14, -42.86, true, 0.82,
          List.of("7-day mean pain 2.86 is 2.14 points (42.86%) below baseline 5."));
      case REMINDER_SENT -> new ReminderSent(
          UUID.fromString("7e6d5c4b-3a29-4817-9f6e-5d4c3b2a1906"), PLAN_ID, PATIENT, ReminderKind.EXERCISE,
          Channel.INBOX, Instant.parse("2026-11-24T17:00:00Z"), Instant.parse("2026-11-24T17:00:00.180Z"), 1);
      case REMINDER_FAILED -> new ReminderFailed(
          UUID.fromString("8f7e6d5c-4b3a-4928-8a7f-6e5d4c3b2a07"), PLAN_ID, PATIENT, ReminderKind.BREATHING,
          Channel.WEBHOOK, Instant.parse("2026-11-24T08:00:00Z"), 5, "HTTP 503 from https://clinic.example/hooks");
      case WORK_ITEM_ACKNOWLEDGED -> new WorkItemAcknowledged(
          ITEM_ID, PATIENT, WorkItemKind.HIGH_RED_FLAG, PLAN_ID, "dr-ada");
      case WORK_ITEM_ESCALATED -> new WorkItemEscalated(
          ITEM_ID, PATIENT, WorkItemKind.URGENT_RED_FLAG, PLAN_ID, 2, Instant.parse("2026-11-24T08:00:00Z"),
          Instant.parse("2026-11-24T08:30:00Z"));
      case PATIENT_DATA_ACCESSED -> new PatientDataAccessed(
          UUID.fromString("3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b08"), PATIENT, "dr-ada", List.of("clinician"), "plan-service",
          AccessAction.READ, "GET /plans/{planId}/history", AccessOutcome.SUCCESS, 200,
          Instant.parse("2026-11-24T10:15:30.456Z"), "req-7f3c9a2e", false);
      case PATIENT_ERASED -> new PatientErased(PATIENT, ErasureGround.CONSENT_WITHDRAWN, List.of(PLAN_ID));
      case WEBHOOK_SECRET_SET -> new WebhookSecretSet("9f86d081884c7d65", true, "Yearly rotation.");
      case WORK_QUEUE_DEADLINES_SET -> new WorkQueueDeadlinesSet(
          List.of(new WorkQueueDeadlinesSet.Deadline(WorkItemKind.URGENT_RED_FLAG, "PT10M")),
          "Two clinicians on call from December.");
      case PROTOCOL_PINNED -> new ProtocolPinned("thoracic-v1@2026.12", "The December revision, after our review.");
      case DEFAULT_QUIET_HOURS_SET -> new DefaultQuietHoursSet(LocalTime.of(21, 0), LocalTime.of(8, 0),
          "Most of our patients are early risers.");
      case DEFAULT_WORK_DAYS_SET -> new DefaultWorkDaysSet(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.SATURDAY),
          "Our patients work six days a week.");
    };
  }

  public static EventMetadata metadata(EventType type) {
    return new EventMetadata(
        UUID.fromString("11111111-2222-4333-8444-555555555555"),
        Tenant.of("clinic-north"),
        "stream-" + type.ordinal(),
        3,
        Instant.parse("2026-11-24T10:15:30.123Z"),
        "corr-7f3a",
        "req-19c2",
        Actor.user("dr-ada"));
  }

  public static EventEnvelope<CareEvent> envelope(EventType type) {
    return new EventEnvelope<>(metadata(type), of(type));
  }
}
