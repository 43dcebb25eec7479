package care.thoracic.reminder.messaging;

import care.thoracic.contracts.clinical.Channel;
import care.thoracic.reminder.store.PreferencesStore;
import care.thoracic.reminder.store.Reminders;

/** How a reminder reaches the patient. Every delivery carries the reminder id, so a receiver can de-duplicate. */
public interface ReminderChannel {
  Channel channel();

  /**
   * Delivers the reminder.
   *
   * @throws DeliveryFailedException when it could not be delivered (after the channel's own retries)
   */
  void deliver(Reminders.StoredReminder reminder, PreferencesStore.Stored preferences);

  /** A delivery that failed for good; the message says how its last attempt went. */
  class DeliveryFailedException extends RuntimeException {
    public DeliveryFailedException(String message) {
      super(message);
    }
  }
}
