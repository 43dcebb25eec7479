package care.thoracic.contracts.clinical;

/** Therapy phases of protocol thoracic-v1 (CLINICAL §3), in the order a plan walks them. */
public enum Phase {
  ACUTE, FOUNDATION, MOBILITY, STRENGTH, MAINTENANCE;

  /** The phase after this one; MAINTENANCE is the last and repeats monthly. */
  public Phase next() {
    return this == MAINTENANCE ? MAINTENANCE : values()[ordinal() + 1];
  }
}
