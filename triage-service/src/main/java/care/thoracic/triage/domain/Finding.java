package care.thoracic.triage.domain;

import java.util.List;

/** What one rule found, with the sentences that explain it to the patient. */
public record Finding<T>(T found, List<String> reasons) {
  public Finding {
    reasons = List.copyOf(reasons);
  }

  static <T> Finding<T> of(T found, List<String> reasons) {
    return new Finding<>(found, reasons);
  }
}
