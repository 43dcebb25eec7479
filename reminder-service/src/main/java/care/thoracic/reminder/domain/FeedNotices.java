package care.thoracic.reminder.domain;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.clinical.Channel;
import care.thoracic.contracts.clinical.DecidedBy;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.Recommendation;
import care.thoracic.contracts.clinical.RetriageDecision;
import care.thoracic.contracts.clinical.Severity;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.ClinicEvent;
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
import care.thoracic.contracts.events.RedFlagRaised;
import care.thoracic.contracts.events.ReminderFailed;
import care.thoracic.contracts.events.ReminderSent;
import care.thoracic.contracts.events.RestrictionCleared;
import care.thoracic.contracts.events.RetriageDecided;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.contracts.events.TriageCompleted;
import care.thoracic.contracts.events.WorkItemAcknowledged;
import care.thoracic.contracts.events.WorkItemEscalated;
import care.thoracic.reminder.domain.PushNotice.Urgency;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What the patient's app is told about each event, in the patient's words: a pure function from an
 * event to at most one notice. What is meant for clinicians stays out: flag codes, clinicians'
 * free-text reasons (a suspension's, a resume's, a completion's), work-queue traffic. A phase
 * decision's reasons are shown when the scheduled review made it: those are the review's own
 * sentences, written for the patient (CLINICAL §4, §8).
 */
public final class FeedNotices {
  /** A reminder pushed later than this is worthless: the moment it was for has passed. */
  static final Duration REMINDER_PUSH_LIFETIME = Duration.ofHours(1);
  /** A plan change stays worth knowing for a day; the feed keeps it anyway. */
  static final Duration PLAN_PUSH_LIFETIME = Duration.ofHours(24);

  /** A reminder on the lock screen names no treatment or body part: the feed has the reminder's words. */
  static final String REMINDER_LOCK_SCREEN = "A reminder from your care plan";

  private FeedNotices() {}

  /** The notice for {@code envelope}'s event, or none if the app is not told about it. */
  public static Optional<FeedNotice> of(EventEnvelope<? extends CareEvent> envelope) {
    CareEvent event = envelope.event();
    String key = envelope.metadata().eventId().toString();
    Instant at = envelope.metadata().occurredAt();
    FeedNotice notice = switch (event) {
      case PlanStarted started -> new FeedNotice(key, FeedEntryKind.PLAN_STARTED, at, "Your plan has started",
          "Your exercise plan starts in the " + phase(started.phase()) + " phase. Today's activities are ready.",
          started.planId(), Map.of("phase", started.phase().name(), "todayChanged", "true"),
          planPush("Your exercise plan has started", started.planId(), Urgency.NORMAL));
      case PlanAwaitingApproval waiting -> new FeedNotice(key, FeedEntryKind.PLAN_AWAITING_APPROVAL, at,
          "Your clinic is preparing your plan",
          "A clinician reviews your answers before your plan starts. You will be told here when it is ready.",
          waiting.planId(), Map.of(), planPush("Your clinic is preparing your plan", waiting.planId(), Urgency.LOW));
      case PhaseAdvanced advanced -> new FeedNotice(key, FeedEntryKind.PHASE_ADVANCED, at,
          "Next phase: " + phase(advanced.toPhase()),
          "You moved from the " + phase(advanced.fromPhase()) + " phase to the " + phase(advanced.toPhase())
              + " phase. Today's activities changed." + reviewReasons(advanced.decidedBy(), advanced.reasons()),
          advanced.planId(), Map.of("phase", advanced.toPhase().name(), "todayChanged", "true"),
          planPush("Your plan moved to its next phase", advanced.planId(), Urgency.NORMAL));
      case PhaseHeld held -> new FeedNotice(key, FeedEntryKind.PHASE_HELD, at,
          "You stay in the " + phase(held.phase()) + " phase for now",
          (held.clinicianReviewRequested() ? "Your clinic has been asked to look at your progress." : "Keep going.")
              + reviewReasons(held.decidedBy(), held.reasons()),
          held.planId(), Map.of("phase", held.phase().name()),
          planPush("Your plan was reviewed", held.planId(), Urgency.LOW));
      case PlanSuspended suspended -> new FeedNotice(key, FeedEntryKind.PLAN_SUSPENDED, at, "Your plan is paused",
          "Your clinic paused your exercise plan. Stop the plan's exercises until your clinic tells you to go on; "
              + "they will contact you.",
          suspended.planId(), Map.of("todayChanged", "true"),
          planPush("Your plan is paused: please open the app", suspended.planId(), Urgency.HIGH));
      case PlanResumed resumed -> new FeedNotice(key, FeedEntryKind.PLAN_RESUMED, at, "Your plan goes on",
          "Your clinic resumed your plan in the " + phase(resumed.phase()) + " phase. Today's activities are back.",
          resumed.planId(), Map.of("phase", resumed.phase().name(), "todayChanged", "true"),
          planPush("Your plan goes on", resumed.planId(), Urgency.NORMAL));
      case PlanCompleted completed -> new FeedNotice(key, FeedEntryKind.PLAN_COMPLETED, at, "Your plan is complete",
          "Your clinic closed your plan. Your history stays here.", completed.planId(),
          Map.of("todayChanged", "true"), planPush("Your plan is complete", completed.planId(), Urgency.NORMAL));
      case PlanRetriaged retriaged -> new FeedNotice(key, FeedEntryKind.PLAN_UNDER_REVIEW, at,
          "Your clinic is reviewing your new answers",
          "Keep following your current plan until your clinic decides whether it changes.", retriaged.planId(),
          Map.of(), null);
      case RetriageDecided decided -> decided.decision() == RetriageDecision.KEEP_PLAN
          ? new FeedNotice(key, FeedEntryKind.PLAN_KEPT, at, "Your plan stays as it is",
              "Your clinic looked at your new answers and kept your current plan.", decided.planId(), Map.of(),
              planPush("Your clinic reviewed your plan", decided.planId(), Urgency.LOW))
          : null; // the replacement plan's own start (or approval) tells the patient
      case RestrictionCleared cleared -> new FeedNotice(key, FeedEntryKind.ACTIVITIES_CHANGED, at,
          "Your activities changed",
          "Your clinic cleared a restriction: your plan now has all of its exercises.", cleared.planId(),
          Map.of("todayChanged", "true"), planPush("Your activities changed", cleared.planId(), Urgency.NORMAL));
      case ReminderSent sent -> sent.channel() != Channel.INBOX ? null
          : new FeedNotice("reminder:" + sent.reminderId(), FeedEntryKind.REMINDER, at, sent.kind().title(),
              sent.kind().title() + ".", sent.planId(),
              Map.of("reminderId", sent.reminderId().toString(), "reminderKind", sent.kind().name(),
                  "dueAt", sent.dueAt().toString()),
              new PushNotice(REMINDER_LOCK_SCREEN, "reminder-" + sent.kind().name().toLowerCase(Locale.ROOT)
                  .replace('_', '-'), Urgency.NORMAL, REMINDER_PUSH_LIFETIME));
      case ProgressAssessed assessed -> new FeedNotice(key, FeedEntryKind.PROGRESS_ASSESSED, at,
          "Your 4-week progress check", progressText(assessed), assessed.planId(), progressDetails(assessed),
          planPush("Your progress check is ready", assessed.planId(), Urgency.LOW));
      case RedFlagRaised flag -> new FeedNotice(key, FeedEntryKind.FLAG_RAISED, at, flagTitle(flag),
          flagText(flag.recommendation()), flag.planId(), Map.of("severity", flag.severity().name()),
          new PushNotice("Please open the app: a message from your care team", "flag", flag.severity() == Severity.URGENT
              ? Urgency.HIGH : Urgency.NORMAL, PLAN_PUSH_LIFETIME));
      case PlanApproved approved -> null; // PlanStarted follows at once
      case ReminderFailed failed -> null; // nothing reached the patient
      case TriageCompleted triage -> null; // the intake's answer tells the patient
      case SessionLogged session -> null; // the patient logged it themselves
      case WorkItemAcknowledged acknowledged -> null; // the clinic's own work
      case WorkItemEscalated escalated -> null;
      case PatientDataAccessed accessed -> null; // the access log answers who saw the record
      case PatientErased erased -> null; // the feed itself is forgotten
      case ClinicEvent setting -> null; // the clinic's settings, about no patient
    };
    return Optional.ofNullable(notice);
  }

  private static PushNotice planPush(String lockScreenText, UUID planId, Urgency urgency) {
    return new PushNotice(lockScreenText, "plan-" + planId.toString().replace("-", "").substring(0, 27), urgency,
        PLAN_PUSH_LIFETIME);
  }

  private static String reviewReasons(DecidedBy decidedBy, List<String> reasons) {
    return decidedBy == DecidedBy.SCHEDULED_REVIEW && !reasons.isEmpty() ? " " + String.join(" ", reasons) : "";
  }

  static String phase(Phase phase) {
    return switch (phase) {
      case ACUTE -> "first (calming the pain)";
      case FOUNDATION -> "foundation";
      case MOBILITY -> "mobility";
      case STRENGTH -> "strength";
      case MAINTENANCE -> "maintenance";
    };
  }

  private static String progressText(ProgressAssessed assessed) {
    String outcome = switch (assessed.outcome()) {
      case IMPROVING -> "Your pain is improving.";
      case NO_CHANGE -> "Your pain has not changed much yet.";
      case WORSENING -> "Your pain is worse than before; your clinic can see this.";
    };
    String pain = assessed.meanPain7d() == null ? " No pain scores were logged in the last 7 days."
        : String.format(Locale.ROOT, " Your average pain this week was %.1f out of 10 (%d when you started).",
            assessed.meanPain7d(), assessed.baselinePain());
    return outcome + pain + String.format(Locale.ROOT, " You exercised on %d%% of days.",
        Math.round(assessed.adherence() * 100));
  }

  private static Map<String, String> progressDetails(ProgressAssessed assessed) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("outcome", assessed.outcome().name());
    details.put("planWeek", Integer.toString(assessed.planWeek()));
    details.put("adherence", String.format(Locale.ROOT, "%.2f", assessed.adherence()));
    details.put("baselinePain", Integer.toString(assessed.baselinePain()));
    if (assessed.meanPain7d() != null) {
      details.put("meanPain7d", String.format(Locale.ROOT, "%.1f", assessed.meanPain7d()));
    }
    return details;
  }

  private static String flagTitle(RedFlagRaised flag) {
    return flag.severity() == Severity.URGENT ? "Please act on this now" : "Your care team has been told";
  }

  /** What to do, by what the flag recommends; never which sign it was (the clinic tells the patient). */
  static String flagText(Recommendation recommendation) {
    return switch (recommendation) {
      case EMERGENCY_CARE -> "Something you reported may need urgent care. Stop the exercises. If you have new "
          + "weakness or numbness, trouble passing urine or controlling your bowels, chest pain or trouble "
          + "breathing, call your local emergency number now. Your clinic has been told.";
      case CLINICIAN_REVIEW -> "Something you reported needs a clinician to look at it. Your clinic has been told "
          + "and will contact you.";
      case IMAGING, MRI_EVALUATION -> "Something you reported needs your clinic's attention; they may suggest "
          + "further tests and will contact you.";
    };
  }
}
