package care.thoracic.reminder.jobs;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.Channel;
import care.thoracic.contracts.events.ReminderFailed;
import care.thoracic.contracts.events.ReminderSent;
import care.thoracic.eventsourcing.store.Causation;
import care.thoracic.eventsourcing.store.ConcurrencyConflictException;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.eventsourcing.store.StreamHead;
import care.thoracic.reminder.delivery.ReminderChannel;
import care.thoracic.reminder.store.PreferencesStore;
import care.thoracic.reminder.store.Reminders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One dispatcher: claims due reminders under a lease, delivers each on the patient's channel
 * (a failed delivery is tried again later, waiting twice as long each time), and records
 * ReminderSent (one commit per clinic and batch), or ReminderFailed after the last attempt,
 * through the outbox. Dispatchers on one store share the work without firing a reminder twice;
 * one that dies mid-delivery loses its claims when the lease ends, and another fires them then:
 * at least once, the receiver de-duplicating by reminder id.
 */
public final class ReminderDispatch {
  private final String dispatcher;
  private final Reminders reminders;
  private final PreferencesStore preferences;
  private final EventStore events;
  private final Map<Channel, ReminderChannel> channels = new EnumMap<>(Channel.class);
  private final Clock clock;
  private final Duration lease;
  private final Causation causation;
  private final MeterRegistry meters;

  /** How often a delivery is tried, and the wait before the first retry (doubling after each). */
  public record Attempts(int max, Duration firstRetry) {
    Duration before(int attempt) {
      return firstRetry.multipliedBy(1L << Math.min(attempt - 1, 20));
    }
  }

  private final Attempts attempts;

  public ReminderDispatch(String dispatcher, Reminders reminders, PreferencesStore preferences, EventStore events,
      List<ReminderChannel> channels, Clock clock, Duration lease, Attempts attempts, String serviceName,
      MeterRegistry meters) {
    this.attempts = attempts;
    this.dispatcher = dispatcher;
    this.reminders = reminders;
    this.preferences = preferences;
    this.events = events;
    channels.forEach(channel -> this.channels.put(channel.channel(), channel));
    this.clock = clock;
    this.lease = lease;
    this.causation = Causation.scheduled(serviceName, "reminder-dispatch");
    this.meters = meters;
  }

  /** Claims up to {@code batch} due reminders and delivers them; returns how many it claimed. */
  public int dispatchDue(int batch) {
    Reminders.Claim claim = reminders.claim(dispatcher, clock.instant(), lease, batch);
    Map<String, PreferencesStore.Stored> chosenBy = new HashMap<>(); // a patient's reminders often come together
    Map<Tenant, List<ReminderSent>> sentBy = new LinkedHashMap<>();
    List<Reminders.StoredReminder> sent = new ArrayList<>(claim.reminders().size());
    for (Reminders.StoredReminder reminder : claim.reminders()) {
      PreferencesStore.Stored chosen = chosenBy.computeIfAbsent(reminder.tenant().id() + "/" + reminder.patientId(),
          key -> preferences.of(reminder.tenant(), PatientId.of(reminder.patientId())));
      ReminderSent delivered = deliver(claim, reminder, chosen);
      if (delivered != null) {
        sentBy.computeIfAbsent(reminder.tenant(), tenant -> new ArrayList<>()).add(delivered);
        sent.add(reminder);
      }
    }
    // one commit per clinic for the batch: a reminder fired again after a dead dispatcher's lease
    // may be recorded twice, which the reminder id lets consumers see
    String batchId = UUID.randomUUID().toString();
    sentBy.forEach((tenant, recorded) -> events.append(StreamHead.newStream(tenant, "reminders-sent-" + batchId),
        recorded, causation));
    reminders.finishSent(claim, sent, clock.instant());
    return claim.reminders().size();
  }

  /** Delivers one reminder; what to record when it was sent, null when it was not (yet). */
  private ReminderSent deliver(Reminders.Claim claim, Reminders.StoredReminder reminder,
      PreferencesStore.Stored chosen) {
    PatientId patient = PatientId.of(reminder.patientId());
    ReminderChannel channel = channels.get(chosen.channel());
    String kind = reminder.kind().name();
    try {
      channel.deliver(reminder, chosen);
      Instant sentAt = clock.instant();
      Counter.builder("care.reminders.fired").description("Reminders delivered").tag("kind", kind)
          .tag("channel", chosen.channel().name()).register(meters).increment();
      Timer.builder("care.reminders.fire.delay").description("From due to delivered").tag("kind", kind)
          .publishPercentileHistogram().register(meters).record(Duration.between(reminder.dueAt(), sentAt));
      return new ReminderSent(reminder.reminderId(), reminder.planId(), patient, reminder.kind(), chosen.channel(),
          reminder.dueAt(), sentAt, reminder.attempts());
    } catch (ReminderChannel.DeliveryFailedException failed) {
      if (reminder.attempts() < attempts.max()) {
        reminders.retryLater(claim, reminder, clock.instant().plus(attempts.before(reminder.attempts())),
            failed.getMessage());
        Counter.builder("care.reminders.retried").description("Deliveries to be tried again").tag("kind", kind)
            .tag("channel", chosen.channel().name()).register(meters).increment();
        return null;
      }
      recordFailure(reminder, new ReminderFailed(reminder.reminderId(), reminder.planId(), patient, reminder.kind(),
          chosen.channel(), reminder.dueAt(), reminder.attempts(), failed.getMessage()));
      reminders.finish(claim, reminder, Reminders.Status.FAILED, clock.instant());
      Counter.builder("care.reminders.failed").description("Reminders not delivered").tag("kind", kind)
          .tag("channel", chosen.channel().name()).register(meters).increment();
      return null;
    }
  }

  private void recordFailure(Reminders.StoredReminder reminder, ReminderFailed failed) {
    try {
      events.append(StreamHead.newStream(reminder.tenant(), "reminder-failed-" + reminder.reminderId()),
          List.of(failed), causation);
    } catch (ConcurrencyConflictException recordedBefore) {
      // failed for good once already, by a dispatcher whose lease then ended
    }
  }
}
