package care.thoracic.contracts.events;

/**
 * Events on {@code care.erasure.v1}: a patient was erased at their clinic's request. Every service
 * removes what it holds about the patient; their events elsewhere are already unreadable (their key
 * is destroyed before this is published).
 */
public sealed interface ErasureEvent extends CareEvent permits PatientErased {}
