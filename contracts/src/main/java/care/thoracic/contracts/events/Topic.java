package care.thoracic.contracts.events;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The Kafka topics of the platform. Each carries the events of one sealed interface; poison
 * messages go to {@code <topic>.dlq}. Keys are {@code {tenant}:{patientId}} ({@code {tenant}} for a
 * clinic's own events). Who may write a topic
 * (its event types' producers) and read it (its consumers) is the broker's access list.
 */
public enum Topic {
  TRIAGE("care.triage.v1", TriageEvent.class, "Triage decisions, one per intake.",
      "triage-service", "plan-service"),
  RED_FLAG("care.redflag.v1", RedFlagEvent.class, "Warning signs for a clinician, from triage and from progress.",
      "plan-service", "progress-service", "reminder-service"),
  PLAN("care.plan.v1", PlanEvent.class, "The life of each care plan: start, approval, phases, suspension, completion.",
      "plan-service", "progress-service", "reminder-service"),
  SESSION("care.session.v1", SessionEvent.class, "Exercise sessions the patient logged.",
      "plan-service", "progress-service", "reminder-service"),
  PROGRESS("care.progress.v1", ProgressEvent.class, "Progress assessments every four weeks.",
      "plan-service", "progress-service", "reminder-service"),
  REMINDER("care.reminder.v1", ReminderEvent.class, "Outcome of every reminder delivery.",
      "plan-service", "reminder-service"),
  WORK_ITEM("care.workitem.v1", WorkItemEvent.class,
      "The clinic's work queue: items acknowledged, and escalated when nobody did by the deadline.",
      "plan-service"),
  AUDIT("care.audit.v1", AccessEvent.class,
      "Every access to a patient's data, from every service: the clinic's access log, and a SIEM's feed.",
      "plan-service"),
  ERASURE("care.erasure.v1", ErasureEvent.class,
      "Patients erased at their clinic's request: every service forgets what it holds about them.",
      "triage-service", "plan-service", "progress-service", "reminder-service"),
  CLINIC("care.clinic.v1", ClinicEvent.class,
      "Each clinic's settings, set by its admins with who and why; keyed by the clinic. The service that "
          + "applies a setting records it; the topic is the clinic's settings history for a SIEM or an auditor.");

  /** Partitions the platform creates each topic with; the key keeps one patient's events in order. */
  public static final int DEFAULT_PARTITIONS = 12;

  private final String topicName;
  private final Class<? extends CareEvent> eventInterface;
  private final String description;
  private final List<String> consumers;

  Topic(String topicName, Class<? extends CareEvent> eventInterface, String description, String... consumers) {
    this.topicName = topicName;
    this.eventInterface = eventInterface;
    this.description = description;
    this.consumers = List.of(consumers);
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

  /** The services that consume this topic: the only principals the broker lets read it. */
  public List<String> consumers() {
    return consumers;
  }

  /** The services that publish on this topic (the producers of its event types): the only ones that may write it. */
  public Set<String> producers() {
    return Arrays.stream(EventType.values()).filter(type -> type.topic() == this)
        .flatMap(type -> type.producers().stream()).collect(Collectors.toCollection(TreeSet::new));
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
