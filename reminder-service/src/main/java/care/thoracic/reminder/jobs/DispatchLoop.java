package care.thoracic.reminder.jobs;

import care.thoracic.eventsourcing.config.CareConfig;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.reminder.delivery.ReminderChannel;
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
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * This instance's dispatcher: claims and delivers batches back to back while reminders are due,
 * and looks again every {@code reminders.dispatcher.poll} when none are. Run as many instances as
 * the backlog needs ({@code care_reminders_due_backlog}); they share the work through the leases.
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
  @ConfigProperty(name = "reminders.dispatcher.enabled") boolean enabled;
  @ConfigProperty(name = "reminders.dispatcher.poll") Duration poll;
  @ConfigProperty(name = "reminders.dispatcher.batch") int batch;
  @ConfigProperty(name = "reminders.dispatcher.lease") Duration lease;
  @ConfigProperty(name = "reminders.delivery.attempts") int attempts;
  @ConfigProperty(name = "reminders.delivery.first-retry") Duration firstRetry;

  private final AtomicLong dueBacklog = new AtomicLong();
  private volatile boolean running;
  private Thread thread;

  void start(@Observes StartupEvent started) throws Exception {
    Gauge.builder("care.reminders.due.backlog", dueBacklog, AtomicLong::get)
        .description("Reminders due and not yet taken by a dispatcher").register(meters);
    if (!enabled) {
      return;
    }
    String name = InetAddress.getLocalHost().getHostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    ReminderDispatch dispatch = new ReminderDispatch(name, reminders, preferences, events, channels.stream().toList(),
        clock, lease, new ReminderDispatch.Attempts(attempts, firstRetry), config.serviceName(), meters);
    running = true;
    thread = Thread.ofPlatform().name("reminder-dispatcher").daemon().start(() -> loop(dispatch));
    LOG.infof("dispatcher %s started (batches of %d, lease %s)", name, batch, lease);
  }

  private void loop(ReminderDispatch dispatch) {
    long backlogAt = 0;
    while (running) {
      try {
        if (System.nanoTime() - backlogAt > BACKLOG_EVERY.toNanos()) {
          dueBacklog.set(reminders.dueBacklog(clock.instant()));
          backlogAt = System.nanoTime();
        }
        if (dispatch.dispatchDue(batch) < batch) {
          Thread.sleep(poll);
        }
      } catch (InterruptedException stopping) {
        return;
      } catch (RuntimeException e) {
        // the store or the broker is away: what was claimed comes back when the lease ends
        LOG.warnf("dispatch round failed, trying again in %s: %s", poll, e.toString());
        try {
          Thread.sleep(poll.multipliedBy(10));
        } catch (InterruptedException stopping) {
          return;
        }
      }
    }
  }

  void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
    running = false;
    if (thread != null) {
      thread.interrupt();
      thread.join(Duration.ofSeconds(10));
    }
  }
}
