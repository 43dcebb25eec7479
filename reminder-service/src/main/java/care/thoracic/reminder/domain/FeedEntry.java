package care.thoracic.reminder.domain;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import java.util.Objects;

/** A notice as the patient's feed holds it: numbered 1, 2, 3 ... per patient, with no gap. */
public record FeedEntry(Tenant tenant, PatientId patientId, long sequence, FeedNotice notice) {
  public FeedEntry {
    Objects.requireNonNull(tenant, "tenant is required");
    Objects.requireNonNull(patientId, "patientId is required");
    Objects.requireNonNull(notice, "notice is required");
    if (sequence < 1) {
      throw new IllegalArgumentException("a feed is numbered from 1");
    }
  }
}
