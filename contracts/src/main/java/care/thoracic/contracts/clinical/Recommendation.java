package care.thoracic.contracts.clinical;

/** What a flag recommends. */
public enum Recommendation {
  EMERGENCY_CARE, CLINICIAN_REVIEW, IMAGING, MRI_EVALUATION
}
