package care.thoracic.reminder.messaging;

import care.thoracic.contracts.clinical.Channel;
import care.thoracic.reminder.store.PreferencesStore;
import care.thoracic.reminder.store.Reminders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

/** The two channels that need nothing outside the service. */
@ApplicationScoped
public class InboxAndLogChannels {
  private static final Logger LOG = Logger.getLogger("care.reminders.delivered");

  /** The app's inbox: the reminder, once marked sent, is what {@code GET /patients/{id}/reminders} shows. */
  @Produces
  @ApplicationScoped
  ReminderChannel inbox() {
    return new ReminderChannel() {
      @Override
      public Channel channel() {
        return Channel.INBOX;
      }

      @Override
      public void deliver(Reminders.StoredReminder reminder, PreferencesStore.Stored preferences) {
        // nothing to send: the app reads its inbox
      }
    };
  }

  /** A log line per reminder, for clinics that forward the service's logs to their own system. */
  @Produces
  @ApplicationScoped
  ReminderChannel log() {
    return new ReminderChannel() {
      @Override
      public Channel channel() {
        return Channel.LOG;
      }

      @Override
      public void deliver(Reminders.StoredReminder reminder, PreferencesStore.Stored preferences) {
        LOG.infof("reminder %s %s for patient %s of %s due %s", reminder.reminderId(), reminder.kind(),
            reminder.patientId(), reminder.tenant().id(), reminder.dueAt());
      }
    };
  }
}
