package care.thoracic.contracts.events;

import care.thoracic.contracts.Nullable;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.WorkItemKind;
import java.util.Objects;
import java.util.UUID;

/**
 * A clinician took an item of the work queue: who (their subject; the time is the event's). It
 * stops the item's escalation; it does not resume, approve or decide anything (CLINICAL §8).
 *
 * @param planId the plan the item is about, if any (a triage flag may have none)
 */
public record WorkItemAcknowledged(
    UUID itemId, PatientId patientId, WorkItemKind kind, @Nullable UUID planId, String acknowledgedBy)
    implements WorkItemEvent {

  public WorkItemAcknowledged {
    Objects.requireNonNull(itemId, "itemId is required");
    Objects.requireNonNull(patientId, "patientId is required");
    Objects.requireNonNull(kind, "kind is required");
    Objects.requireNonNull(acknowledgedBy, "acknowledgedBy is required");
  }
}
