package care.thoracic.contracts.clinical;

/** Kinds of reminder (CLINICAL §7). */
public enum ReminderKind {
  ICE, BREATHING, MICRO_BREAK, EXERCISE, STANDING_BREAK, WEEKLY_FOCUS, ASSESSMENT
}
