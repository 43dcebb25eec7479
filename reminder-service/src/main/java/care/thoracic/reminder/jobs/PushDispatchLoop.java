package care.thoracic.reminder.jobs;

import care.thoracic.reminder.delivery.PushBeans;
import care.thoracic.reminder.delivery.PushConfig;
import care.thoracic.reminder.store.PushDeliveries;
import care.thoracic.reminder.store.PushSubscriptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * This instance's push dispatcher (see {@link PushDispatch}), when the deployment has a VAPID key
 * pair. Instances share the deliveries through their leases, as they share reminders.
 */
@ApplicationScoped
public class PushDispatchLoop {
  private static final Logger LOG = Logger.getLogger(PushDispatchLoop.class);

  @Inject PushDeliveries deliveries;
  @Inject PushSubscriptions subscriptions;
  @Inject PushBeans.Push push;
  @Inject PushConfig config;
  @Inject Clock clock;
  @Inject MeterRegistry meters;

  private PushDispatch dispatch;
  private Thread thread;

  void start(@Observes StartupEvent started) throws Exception {
    // checked on every instance, dispatching or not: a lease too short for the push timeout would
    // let two instances push the same entry to a device
    PushDispatch.Timing timing = new PushDispatch.Timing(config.lease(), config.timeout());
    PushDispatch.Limits limits = new PushDispatch.Limits(config.concurrency(), config.maxPerDevicePerHour());
    PushDispatch.Attempts tries = new PushDispatch.Attempts(config.attempts(), config.firstRetry(),
        config.longestRetryAfter());
    if (!config.dispatcher().enabled() || push.sender().isEmpty()) {
      return;
    }
    String name = InetAddress.getLocalHost().getHostName() + "-push-" + UUID.randomUUID().toString().substring(0, 8);
    dispatch = new PushDispatch(name, deliveries, subscriptions, push.sender().get(), clock, timing, limits, tries,
        meters);
    thread = Thread.ofPlatform().name("push-dispatcher").daemon()
        .start(() -> dispatch.run(config.batch(), config.poll()));
    LOG.infof("push dispatcher %s started (lease %s, pushes bounded by %s, %d at once, %d per device and hour)", name,
        config.lease(), config.timeout(), config.concurrency(), config.maxPerDevicePerHour());
  }

  void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
    if (dispatch != null) {
      dispatch.close(); // lets the pushes in flight end and be concluded
      thread.join(Duration.ofSeconds(10));
    }
  }
}
