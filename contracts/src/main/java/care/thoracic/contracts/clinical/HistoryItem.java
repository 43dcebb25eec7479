package care.thoracic.contracts.clinical;

/** Medical history items the intake asks about (CLINICAL §1). */
public enum HistoryItem {
  OSTEOPOROSIS, LONG_TERM_STEROIDS, CANCER, RHEUMATOID_ARTHRITIS, FIBROMYALGIA, GERD, SCHEUERMANN, DEGENERATIVE_DISC_DISEASE
}
