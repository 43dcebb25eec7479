package care.thoracic.contracts.clinical;

/** Outcome of a 4-weekly progress assessment (CLINICAL §5). */
public enum ProgressOutcome {
  IMPROVING, NO_CHANGE, WORSENING
}
