package care.thoracic.contracts.events;

import care.thoracic.contracts.Nullable;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.WorkItemKind;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Nobody acknowledged a work-queue item by its deadline (CLINICAL §8): escalated to the clinic's
 * admins, and again at each further deadline ({@code level} 1, 2, …) until acknowledged.
 *
 * @param deadline the deadline that passed: the item's opening plus {@code level} deadline periods
 */
public record WorkItemEscalated(
    UUID itemId, PatientId patientId, WorkItemKind kind, @Nullable UUID planId, int level, Instant openedAt,
    Instant deadline)
    implements WorkItemEvent {

  public WorkItemEscalated {
    Objects.requireNonNull(itemId, "itemId is required");
    Objects.requireNonNull(patientId, "patientId is required");
    Objects.requireNonNull(kind, "kind is required");
    if (level < 1) {
      throw new IllegalArgumentException("level must be at least 1");
    }
    Objects.requireNonNull(openedAt, "openedAt is required");
    Objects.requireNonNull(deadline, "deadline is required");
  }
}
