package care.thoracic.contracts.clinical;

/** How soon a raised flag needs a clinician. */
public enum Severity {
  URGENT, HIGH, MODERATE
}
