package care.thoracic.contracts.clinical;

/** What makes the pain worse (intake vocabulary, CLINICAL §1). */
public enum Aggravator {
  SITTING, DESK_WORK, PHONE_USE, LIFTING, TWISTING, REACHING, DEEP_BREATH, MEALS, LYING_DOWN, NIGHT
}
