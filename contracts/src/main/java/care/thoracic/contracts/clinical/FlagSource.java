package care.thoracic.contracts.clinical;

/** The service whose rules raised a flag. */
public enum FlagSource {
  TRIAGE, PROGRESS
}
