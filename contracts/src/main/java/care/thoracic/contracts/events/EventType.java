package care.thoracic.contracts.events;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The event catalogue: each event record with its CloudEvents type ({@code ce_type}) and topic.
 * A changed shape gets a new type ({@code .v2}) and an upcaster, never a silent change; the
 * golden-file tests pin every v1 shape.
 */
public enum EventType {
  TRIAGE_COMPLETED("care.triage.completed.v1", TriageCompleted.class,
      "An intake was triaged: category, suspected conditions, disposition, flags and reasons.",
      "triage-service"),
  RED_FLAG_RAISED("care.redflag.raised.v1", RedFlagRaised.class,
      "A warning sign that needs a clinician; from progress it suspends the plan.",
      "triage-service", "progress-service"),
  PLAN_STARTED("care.plan.started.v1", PlanStarted.class,
      "A plan is active from now, in its first phase.",
      "plan-service"),
  PLAN_AWAITING_APPROVAL("care.plan.awaiting-approval.v1", PlanAwaitingApproval.class,
      "A plan waits for a clinician to approve a modified or referred case.",
      "plan-service"),
  PLAN_APPROVED("care.plan.approved.v1", PlanApproved.class,
      "A clinician approved a waiting plan.",
      "plan-service"),
  PHASE_ADVANCED("care.plan.phase-advanced.v1", PhaseAdvanced.class,
      "The plan moved to its next phase.",
      "plan-service"),
  PHASE_HELD("care.plan.phase-held.v1", PhaseHeld.class,
      "The plan stays in its phase; a second hold in a row asks for clinician review.",
      "plan-service"),
  PLAN_SUSPENDED("care.plan.suspended.v1", PlanSuspended.class,
      "Therapy pauses until a clinician resumes it.",
      "plan-service"),
  PLAN_RESUMED("care.plan.resumed.v1", PlanResumed.class,
      "A clinician resumed a suspended plan.",
      "plan-service"),
  PLAN_COMPLETED("care.plan.completed.v1", PlanCompleted.class,
      "A clinician closed the plan.",
      "plan-service"),
  PLAN_RETRIAGED("care.plan.retriaged.v1", PlanRetriaged.class,
      "The patient of an open plan was triaged again (not urgently): waits for a clinician's decision.",
      "plan-service"),
  RETRIAGE_DECIDED("care.plan.retriage-decided.v1", RetriageDecided.class,
      "A clinician kept the open plan, or replaced it with the one the new triage proposes.",
      "plan-service"),
  RESTRICTION_CLEARED("care.plan.restriction-cleared.v1", RestrictionCleared.class,
      "A clinician cleared a restricted variant: the plan follows the full protocol.",
      "plan-service"),
  SESSION_LOGGED("care.session.logged.v1", SessionLogged.class,
      "The patient logged an exercise session.",
      "progress-service"),
  PROGRESS_ASSESSED("care.progress.assessed.v1", ProgressAssessed.class,
      "The 4-weekly progress assessment.",
      "progress-service"),
  REMINDER_SENT("care.reminder.sent.v1", ReminderSent.class,
      "A reminder was delivered.",
      "reminder-service"),
  REMINDER_FAILED("care.reminder.failed.v1", ReminderFailed.class,
      "Every delivery attempt of a reminder failed.",
      "reminder-service"),
  WORK_ITEM_ACKNOWLEDGED("care.workitem.acknowledged.v1", WorkItemAcknowledged.class,
      "A clinician acknowledged a work-queue item: it is theirs and escalates no more.",
      "plan-service"),
  WORK_ITEM_ESCALATED("care.workitem.escalated.v1", WorkItemEscalated.class,
      "A work-queue item passed its acknowledgement deadline unacknowledged.",
      "plan-service"),
  PATIENT_DATA_ACCESSED("care.audit.patient-data-accessed.v1", PatientDataAccessed.class,
      "Someone read or changed a patient's data (or was refused): who, what, when, outcome.",
      "triage-service", "plan-service", "progress-service", "reminder-service"),
  PATIENT_ERASED("care.erasure.patient-erased.v1", PatientErased.class,
      "A clinic-admin erased a patient, on a ground of GDPR Art. 17: every service forgets them.",
      "plan-service"),
  WEBHOOK_SECRET_SET("care.clinic.webhook-secret-set.v1", WebhookSecretSet.class,
      "A clinic admin set or rotated the clinic's webhook signing secret (its fingerprint, never the secret).",
      "reminder-service"),
  WORK_QUEUE_DEADLINES_SET("care.clinic.work-queue-deadlines-set.v1", WorkQueueDeadlinesSet.class,
      "A clinic admin set the clinic's work-queue acknowledgement deadlines.",
      "plan-service"),
  PROTOCOL_PINNED("care.clinic.protocol-pinned.v1", ProtocolPinned.class,
      "A clinic admin chose the protocol version the clinic's new plans pin (or the current one again).",
      "plan-service"),
  DEFAULT_QUIET_HOURS_SET("care.clinic.default-quiet-hours-set.v1", DefaultQuietHoursSet.class,
      "A clinic admin set the quiet hours of the clinic's patients who chose none (or the platform's again).",
      "reminder-service"),
  DEFAULT_WORK_DAYS_SET("care.clinic.default-work-days-set.v1", DefaultWorkDaysSet.class,
      "A clinic admin set the work days an intake of the clinic gets when it names none (or Monday to Friday again).",
      "triage-service");

  private static final Map<String, EventType> BY_CE_TYPE =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::ceType, Function.identity()));
  private static final Map<Class<?>, EventType> BY_CLASS =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::javaType, Function.identity()));

  private final String ceType;
  private final Class<? extends CareEvent> javaType;
  private final Topic topic;
  private final String summary;
  private final List<String> producers;

  EventType(String ceType, Class<? extends CareEvent> javaType, String summary, String... producers) {
    this.ceType = ceType;
    this.javaType = javaType;
    this.topic = Topic.carrying(javaType);
    this.summary = summary;
    this.producers = List.of(producers);
  }

  /** The CloudEvents {@code type} attribute. */
  public String ceType() {
    return ceType;
  }

  public Class<? extends CareEvent> javaType() {
    return javaType;
  }

  public Topic topic() {
    return topic;
  }

  public String summary() {
    return summary;
  }

  /**
   * Whether the payload is sealed with the patient's key, at rest and on the broker: every event
   * about a patient's care. Access records and the erasure itself stay readable after an erasure
   * (who saw the record and that it was erased, not what it said); they hold identifiers, paths and
   * codes, no health data. A clinic's own events concern no patient and hold no personal data.
   */
  public boolean sealed() {
    return this != PATIENT_DATA_ACCESSED && this != PATIENT_ERASED && !ClinicEvent.class.isAssignableFrom(javaType);
  }

  /** The services that publish this event. */
  public List<String> producers() {
    return producers;
  }

  public static EventType of(CareEvent event) {
    return of(event.getClass());
  }

  public static EventType of(Class<? extends CareEvent> javaType) {
    EventType type = BY_CLASS.get(javaType);
    if (type == null) {
      throw new IllegalArgumentException(javaType + " is not in the event catalogue");
    }
    return type;
  }

  public static Optional<EventType> byCeType(String ceType) {
    return Optional.ofNullable(BY_CE_TYPE.get(ceType));
  }
}
