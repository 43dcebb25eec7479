package care.thoracic.contracts.clinical;

/** Body side an exercise was done on. */
public enum Side {
  LEFT, RIGHT, BOTH
}
