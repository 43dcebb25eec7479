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

  /** A delivery that failed; the message says how. The dispatcher tries again later, up to its attempts. */
  class DeliveryFailedException extends RuntimeException {
    public DeliveryFailedException(String message) {
      super(message);
    }
  }
}
