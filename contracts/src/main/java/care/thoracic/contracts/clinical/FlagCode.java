package care.thoracic.contracts.clinical;

/** Warning signs the platform raises (CLINICAL §2 and §5). */
public enum FlagCode {
  // raised by triage, at intake
  PROGRESSIVE_NUMBNESS,
  BOWEL_BLADDER_DYSFUNCTION,
  FEVER_WITH_SEVERE_PAIN,
  UNEXPLAINED_WEIGHT_LOSS,
  SIGNIFICANT_TRAUMA,
  CHEST_PAIN_OR_BREATHLESSNESS,
  HISTORY_OF_CANCER,
  // raised by progress, during therapy
  PERSISTENT_NEUROLOGICAL_SYMPTOMS,
  NO_IMPROVEMENT,
  WORSENING_PAIN
}
