package care.thoracic.contracts.clinical;

/** Source of the pain, by triage (CLINICAL §2). Prevalence: mechanical 70%, structural 20%, systemic 10%. */
public enum Category {
  MECHANICAL, STRUCTURAL, SYSTEMIC
}
