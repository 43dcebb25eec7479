package care.thoracic.reminder.store;

import care.thoracic.reminder.domain.FeedEntry;
import jakarta.inject.Singleton;

/** Web Push deliveries of feed entries to the patient's registered devices. */
@Singleton
public class PushDeliveries {
  /**
   * Records one delivery per registered device of the entry's patient, for an entry that is pushed
   * ({@code entry.notice().push() != null}); idempotent: an entry enqueued again records nothing new.
   */
  public void enqueue(FeedEntry entry) {
    // placeholder until the push channel lands (issue 20, next commits)
  }
}
