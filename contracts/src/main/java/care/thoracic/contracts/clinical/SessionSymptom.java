package care.thoracic.contracts.clinical;

/** Symptoms a patient can report with a logged session (CLINICAL §6). */
public enum SessionSymptom {
  NUMBNESS, TINGLING, WEAKNESS, PROGRESSIVE_NUMBNESS, BOWEL_BLADDER_DYSFUNCTION, FEVER
}
