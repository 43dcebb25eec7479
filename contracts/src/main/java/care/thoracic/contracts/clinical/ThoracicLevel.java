package care.thoracic.contracts.clinical;

/** Thoracic vertebral levels, top to bottom. */
public enum ThoracicLevel {
  T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12
}
