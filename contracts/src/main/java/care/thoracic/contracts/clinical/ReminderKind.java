package care.thoracic.contracts.clinical;

/** Kinds of reminder (CLINICAL §7), each with the words the patient reads when it reaches them. */
public enum ReminderKind {
  ICE("Time for ice on your back"),
  BREATHING("Time for your breathing exercise"),
  MICRO_BREAK("Time for a short movement break"),
  EXERCISE("Time for today's exercises"),
  STANDING_BREAK("Time to stand up and move"),
  WEEKLY_FOCUS("This week's focus is ready"),
  ASSESSMENT("Time for your progress check");

  private final String title;

  ReminderKind(String title) {
    this.title = title;
  }

  /** What the patient's feed, their push notification and their export call this reminder. */
  public String title() {
    return title;
  }
}
