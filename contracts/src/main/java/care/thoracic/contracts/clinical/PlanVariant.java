package care.thoracic.contracts.clinical;

/** Which variant of the protocol a plan follows: structural leaves out foam-roller extension and loaded rotation until cleared; systemic is breathing and gentle mobility only. */
public enum PlanVariant {
  STANDARD, STRUCTURAL, SYSTEMIC
}
