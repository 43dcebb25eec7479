package care.thoracic.reminder.domain;

/** What a patient feed entry is about; the app picks its icon and what to refresh by it. */
public enum FeedEntryKind {
  /** The plan started (or a replacement plan did); today's activities are new. */
  PLAN_STARTED,
  /** The clinic reviews the plan before it starts. */
  PLAN_AWAITING_APPROVAL,
  /** The plan moved to its next phase; today's activities changed. */
  PHASE_ADVANCED,
  /** The plan stays in its phase for now, with the reasons. */
  PHASE_HELD,
  /** Therapy is paused until the clinic resumes it. */
  PLAN_SUSPENDED,
  /** Therapy goes on; today's activities are back. */
  PLAN_RESUMED,
  /** The plan is over. */
  PLAN_COMPLETED,
  /** The patient answered the intake again; the clinic decides what follows. */
  PLAN_UNDER_REVIEW,
  /** The clinic kept the plan after a new intake. */
  PLAN_KEPT,
  /** Today's activities changed without a phase change (a restriction cleared). */
  ACTIVITIES_CHANGED,
  /** A reminder was delivered to the app's inbox. */
  REMINDER,
  /** The 4-weekly progress check. */
  PROGRESS_ASSESSED,
  /** Something the patient reported needs their clinic. */
  FLAG_RAISED
}
