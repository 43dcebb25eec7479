package care.thoracic.contracts.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * The Kafka topics of the platform. Each carries the events of one sealed interface; poison
 * messages go to {@code <topic>.dlq}. Keys are {@code {tenant}:{patientId}}.
 */
public enum Topic {
  TRIAGE("care.triage.v1", TriageEvent.class, "Triage decisions, one per intake."),
  RED_FLAG("care.redflag.v1", RedFlagEvent.class, "Warning signs for a clinician, from triage and from progress."),
  PLAN("care.plan.v1", PlanEvent.class, "The life of each care plan: start, approval, phases, suspension, completion."),
  SESSION("care.session.v1", SessionEvent.class, "Exercise sessions the patient logged."),
  PROGRESS("care.progress.v1", ProgressEvent.class, "Progress assessments every four weeks."),
  REMINDER("care.reminder.v1", ReminderEvent.class, "Outcome of every reminder delivery.");

  /** Partitions the platform creates each topic with; the key keeps one patient's events in order. */
  public static final int DEFAULT_PARTITIONS = 12;

  private final String topicName;
  private final Class<? extends CareEvent> eventInterface;
  private final String description;

  Topic(String topicName, Class<? extends CareEvent> eventInterface, String description) {
    this.topicName = topicName;
    this.eventInterface = eventInterface;
    this.description = description;
  }

  public String topicName() {
    return topicName;
  }

  public String deadLetterTopicName() {
    return topicName + ".dlq";
  }

  public Class<? extends CareEvent> eventInterface() {
    return eventInterface;
  }

  public String description() {
    return description;
  }

  public static Optional<Topic> byName(String topicName) {
    return Arrays.stream(values()).filter(t -> t.topicName.equals(topicName)).findFirst();
  }

  static Topic carrying(Class<? extends CareEvent> eventType) {
    return Arrays.stream(values())
        .filter(t -> t.eventInterface.isAssignableFrom(eventType))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(eventType + " is on no topic"));
  }
}
