package care.thoracic.contracts.clinical;

/** How the pain began. */
public enum Onset {
  SUDDEN, GRADUAL
}
