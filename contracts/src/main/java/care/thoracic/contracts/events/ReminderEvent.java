package care.thoracic.contracts.events;

import java.util.UUID;

/** Events on {@code care.reminder.v1}: the outcome of each reminder delivery. */
public sealed interface ReminderEvent extends CareEvent permits ReminderSent, ReminderFailed {
  /** Receivers de-duplicate deliveries by this id. */
  UUID reminderId();
}
