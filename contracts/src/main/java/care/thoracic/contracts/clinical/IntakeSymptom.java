package care.thoracic.contracts.clinical;

/** Symptoms the intake asks about (CLINICAL §1). */
public enum IntakeSymptom {
  MORNING_STIFFNESS_OVER_30_MIN, MULTIPLE_JOINT_PAIN, WIDESPREAD_PAIN, TENDER_POINTS, FATIGUE, HEARTBURN, PROGRESSIVE_KYPHOSIS, NUMBNESS, TINGLING, WEAKNESS
}
