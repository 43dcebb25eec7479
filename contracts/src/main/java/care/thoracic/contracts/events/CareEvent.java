package care.thoracic.contracts.events;

import care.thoracic.contracts.PatientId;

/**
 * Every event that crosses a service boundary. One sealed sub-interface per Kafka topic, so a
 * consumer of a topic can {@code switch} over exactly the events that topic carries.
 */
public sealed interface CareEvent
    permits TriageEvent, RedFlagEvent, PlanEvent, SessionEvent, ProgressEvent, ReminderEvent, WorkItemEvent,
    AccessEvent, ErasureEvent, ClinicEvent {

  /**
   * The patient the event is about; with the tenant it forms the Kafka key, which keeps one patient's
   * events in order. Null only for a {@link ClinicEvent}, about the clinic itself.
   */
  PatientId patientId();
}
