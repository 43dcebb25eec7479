package care.thoracic.contracts.events;

/**
 * Events on {@code care.audit.v1}: who touched a patient's data. Every service publishes its own
 * accesses there; plan-service keeps the clinic's access log, and a SIEM may read the topic too.
 */
public sealed interface AccessEvent extends CareEvent permits PatientDataAccessed {}
