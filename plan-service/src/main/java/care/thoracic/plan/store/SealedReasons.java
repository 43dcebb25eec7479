package care.thoracic.plan.store;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import java.util.List;
import org.bson.Document;

/**
 * The reasons a flag or work item gives (clinical text about the patient), as the inbox and the work
 * queue keep them: sealed with the patient's key, bound to where they are kept. A list kept in the
 * clear (before 2026-12-01) reads as it is.
 */
final class SealedReasons {
  private SealedReasons() {}

  static String seal(PatientPayloads payloads, Tenant tenant, PatientId patient, String place, List<String> reasons) {
    return payloads.sealField(tenant, patient, place, new Document("reasons", reasons).toJson());
  }

  static List<String> open(PatientPayloads payloads, Tenant tenant, PatientId patient, String place, Object stored) {
    if (stored == null) {
      return List.of();
    }
    if (!(stored instanceof String sealed)) {
      return ((List<?>) stored).stream().map(String::valueOf).toList();
    }
    return Document.parse(payloads.openField(tenant, patient, place, sealed)).getList("reasons", String.class);
  }
}
