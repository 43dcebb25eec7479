package care.thoracic.reminder.jobs;

import care.thoracic.eventsourcing.config.CareConfig;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.reminder.delivery.ReminderChannel;
import care.thoracic.reminder.delivery.WebhookConfig;
import care.thoracic.reminder.store.PreferencesStore;
import care.thoracic.reminder.store.Reminders;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * This instance's dispatcher: claims due reminders round after round while they come (each
 * round only what can start at once, see {@link ReminderDispatch}); when idle, looks again at the
 * next due time, when a delivery ends, when this instance's planner stores an earlier reminder, and
 * at least every {@code reminders.dispatcher.poll}. Run as many instances as the backlog needs
 * ({@code care_reminders_due_backlog}); they share the work through the leases.
 */
@ApplicationScoped
public class DispatchLoop {
  private static final Logger LOG = Logger.getLogger(DispatchLoop.class);
  private static final Duration BACKLOG_EVERY = Duration.ofSeconds(5);

  @Inject Reminders reminders;
  @Inject PreferencesStore preferences;
  @Inject EventStore events;
  @Inject Instance<ReminderChannel> channels;
  @Inject Clock clock;
  @Inject MeterRegistry meters;
  @Inject CareConfig config;
  @Inject WebhookConfig webhook;
  @ConfigProperty(name = "reminders.dispatcher.enabled") boolean enabled;
  @ConfigProperty(name = "reminders.dispatcher.poll") Duration poll;
  @ConfigProperty(name = "reminders.dispatcher.batch") int batch;
  @ConfigProperty(name = "reminders.dispatcher.lease") Duration lease;
  @ConfigProperty(name = "reminders.dispatcher.concurrency") int concurrency;
  @ConfigProperty(name = "reminders.dispatcher.per-clinic") int perClinic;
  @ConfigProperty(name = "reminders.dispatcher.contended-window") int contendedWindow;
  @ConfigProperty(name = "reminders.delivery.timeout") Duration deliveryTimeout;
  @ConfigProperty(name = "reminders.delivery.attempts") int attempts;
  @ConfigProperty(name = "reminders.delivery.first-retry") Duration firstRetry;

  private final AtomicLong dueBacklog = new AtomicLong();
  private ReminderDispatch dispatch;
  private Thread thread;
  private long backlogAt;

  void start(@Observes StartupEvent started) throws Exception {
    Gauge.builder("care.reminders.due.backlog", dueBacklog, AtomicLong::get)
        .description("Reminders due and not yet taken by a dispatcher").register(meters);
    // checked on every instance, dispatching or not: they share one configuration, and a lease too
    // short for the delivery timeout would let two instances deliver the same reminder
    ReminderDispatch.Timing timing = new ReminderDispatch.Timing(lease, deliveryTimeout);
    ReminderDispatch.Limits limits = new ReminderDispatch.Limits(concurrency, perClinic, contendedWindow);
    if (webhook.timeout().compareTo(deliveryTimeout) > 0) {
      LOG.warnf("reminders.webhook.timeout (%s) is longer than reminders.delivery.timeout (%s): webhook deliveries "
          + "are cut short at the latter", webhook.timeout(), deliveryTimeout);
    }
    if (!enabled) {
      return;
    }
    String name = InetAddress.getLocalHost().getHostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    dispatch = new ReminderDispatch(name, reminders, preferences, events, channels.stream().toList(), clock, timing,
        limits, new ReminderDispatch.Attempts(attempts, firstRetry), config.serviceName(), meters);
    thread = Thread.ofPlatform().name("reminder-dispatcher").daemon()
        .start(() -> dispatch.run(batch, poll, this::refreshBacklog));
    LOG.infof("dispatcher %s started (claims of up to %d, lease %s, deliveries bounded by %s, %d at once, %d per "
        + "clinic)", name, batch, lease, deliveryTimeout, concurrency, perClinic);
  }

  /** This instance stored reminders due from {@code earliestDue} on: its dispatcher fires them on time. */
  public void planned(Instant earliestDue) {
    if (dispatch != null) {
      dispatch.planned(earliestDue);
    }
  }

  private void refreshBacklog() {
    if (System.nanoTime() - backlogAt > BACKLOG_EVERY.toNanos()) {
      dueBacklog.set(reminders.dueBacklog(clock.instant()));
      backlogAt = System.nanoTime();
    }
  }

  void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
    if (dispatch != null) {
      dispatch.close(); // lets the deliveries in flight end and be recorded
      thread.join(Duration.ofSeconds(10));
    }
  }
}
