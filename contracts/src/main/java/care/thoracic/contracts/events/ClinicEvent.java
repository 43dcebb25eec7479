package care.thoracic.contracts.events;

import care.thoracic.contracts.PatientId;

/**
 * Events on {@code care.clinic.v1}: a clinic's settings, each set by a clinic admin (who and when are
 * the event's actor and time) with the reason they gave. About the clinic, not a patient: keyed by
 * the clinic alone and never sealed, as they hold no personal data (a secret never travels, only a
 * fingerprint of it). The service that applies a setting records it.
 */
public sealed interface ClinicEvent extends CareEvent permits WebhookSecretSet, WorkQueueDeadlinesSet, ProtocolPinned,
    DefaultQuietHoursSet, DefaultWorkDaysSet {

  /** None: the event is about the clinic. */
  @Override
  default PatientId patientId() {
    return null;
  }

  /** Why the admin changed the setting, in their words (no patient data belongs here). */
  String reason();
}
