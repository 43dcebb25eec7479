package care.thoracic.contracts.clinical;

/** Whether a phase decision came from the scheduled review or from a clinician by hand. */
public enum DecidedBy {
  SCHEDULED_REVIEW, CLINICIAN
}
