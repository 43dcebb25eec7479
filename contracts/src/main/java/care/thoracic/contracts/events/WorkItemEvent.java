package care.thoracic.contracts.events;

import care.thoracic.contracts.clinical.WorkItemKind;
import java.util.UUID;

/** Events on {@code care.workitem.v1}: what happened to an item of a clinic's work queue. */
public sealed interface WorkItemEvent extends CareEvent permits WorkItemAcknowledged, WorkItemEscalated {
  UUID itemId();

  WorkItemKind kind();
}
