package care.thoracic.contracts.clinical;

/**
 * Why a patient's data was erased: the grounds of GDPR Art. 17(1), as a code rather than free text
 * so that the record of an erasure never holds personal data itself.
 */
public enum ErasureGround {
  /** The data is no longer needed for the purpose it was collected for (Art. 17(1)(a)). */
  NO_LONGER_NEEDED,
  /** The patient withdrew the consent the processing rested on (Art. 17(1)(b)). */
  CONSENT_WITHDRAWN,
  /** The patient objected to the processing (Art. 17(1)(c)). */
  OBJECTION,
  /** The data was processed unlawfully (Art. 17(1)(d)). */
  UNLAWFUL_PROCESSING,
  /** A legal obligation requires the erasure (Art. 17(1)(e)). */
  LEGAL_OBLIGATION
}
