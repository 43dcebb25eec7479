package care.thoracic.contracts.clinical;

/** What triage decided should happen next (CLINICAL §2). */
public enum Disposition {
  SELF_CARE, MODIFIED_CARE, REFER, URGENT
}
