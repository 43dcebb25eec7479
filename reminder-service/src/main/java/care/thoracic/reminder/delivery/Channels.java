package care.thoracic.reminder.delivery;

import care.thoracic.contracts.clinical.Channel;
import care.thoracic.reminder.store.PreferencesStore;
import care.thoracic.reminder.store.Reminders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.jboss.logging.Logger;

/** The delivery channels: the app's inbox, a log line, and the clinic's webhook. */
@ApplicationScoped
public class Channels {
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

      @Override
      public boolean inProcess() {
        return true;
      }
    };
  }

  /** A signed POST to the URL the patient's preferences name, with the clinic's secret. */
  @Produces
  @ApplicationScoped
  ReminderChannel webhook(WebhookConfig config, WebhookSigningSecrets secrets, Clock clock, WebhookTargets targets) {
    return new WebhookChannel(secrets::secretOf, config.timeout(), clock, targets);
  }

  /** Where webhooks may point: judged when preferences are saved and again at every delivery. */
  @Produces
  @Singleton
  WebhookTargets webhookTargets(WebhookConfig config) {
    return new WebhookTargets(config.platformHosts(), config.allowInternalNetworks());
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

      @Override
      public boolean inProcess() {
        return true;
      }
    };
  }
}
