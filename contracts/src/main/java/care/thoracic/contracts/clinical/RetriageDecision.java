package care.thoracic.contracts.clinical;

/** What a clinician decided about a patient triaged again while a plan was open (CLINICAL §8). */
public enum RetriageDecision {
  /** The open plan goes on; the new triage stays on record. */
  KEEP_PLAN,
  /** The open plan ends and the plan the new triage proposes starts, or awaits approval. */
  REPLACE_PLAN
}
