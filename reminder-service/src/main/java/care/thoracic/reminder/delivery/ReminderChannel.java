package care.thoracic.reminder.delivery;

import care.thoracic.contracts.clinical.Channel;
import care.thoracic.reminder.store.PreferencesStore;
import care.thoracic.reminder.store.Reminders;

/** How a reminder reaches the patient. Every delivery carries the reminder id, so a receiver can de-duplicate. */
public interface ReminderChannel {
  Channel channel();

  /**
   * Delivers the reminder.
   *
   * @throws DeliveryFailedException when this attempt did not deliver it
   */
  void deliver(Reminders.StoredReminder reminder, PreferencesStore.Stored preferences);

  /**
   * Whether a delivery is done within this process without waiting on anyone (the inbox, a log
   * line): the dispatcher then delivers it at once, outside the per-clinic cap on deliveries, which
   * exists for receivers that may be slow. Every other channel is a remote call: bounded in time,
   * capped per clinic, run concurrently.
   */
  default boolean inProcess() {
    return false;
  }

  /** A delivery that failed; the message says how. The dispatcher tries again later, up to its attempts. */
  class DeliveryFailedException extends RuntimeException {
    public DeliveryFailedException(String message) {
      super(message);
    }
  }
}
