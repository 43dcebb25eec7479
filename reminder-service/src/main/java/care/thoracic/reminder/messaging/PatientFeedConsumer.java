package care.thoracic.reminder.messaging;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.eventsourcing.messaging.EventConsumer;
import care.thoracic.reminder.domain.FeedNotices;
import care.thoracic.reminder.store.PatientFeed;
import care.thoracic.reminder.store.PushDeliveries;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Builds each patient's feed from the topics the app cares about: plan events, delivered reminders,
 * progress assessments and flags. An event is numbered once (a redelivered one finds its entry), its
 * pushes are recorded before the record is acknowledged (so a crash in between is repaired when the
 * event comes again), and the patient's open streams here are woken.
 */
@ApplicationScoped
public class PatientFeedConsumer {
  @Inject EventConsumer consumer;
  @Inject PatientFeed feed;
  @Inject PushDeliveries pushes;
  @Inject PatientFeedStreams streams;
  @Inject MeterRegistry meters;

  @Incoming("feed-plans")
  @Blocking
  public CompletionStage<Void> onPlanEvent(Message<byte[]> message) {
    return consumer.process(message, this::record);
  }

  @Incoming("feed-reminders")
  @Blocking
  public CompletionStage<Void> onReminderEvent(Message<byte[]> message) {
    return consumer.process(message, this::record);
  }

  @Incoming("feed-assessments")
  @Blocking
  public CompletionStage<Void> onAssessment(Message<byte[]> message) {
    return consumer.process(message, this::record);
  }

  @Incoming("feed-flags")
  @Blocking
  public CompletionStage<Void> onFlag(Message<byte[]> message) {
    return consumer.process(message, this::record);
  }

  void record(EventEnvelope<CareEvent> envelope) {
    FeedNotices.of(envelope).ifPresent(notice -> {
      PatientFeed.Appended appended = feed.append(envelope.tenant(), envelope.event().patientId(), notice);
      pushes.enqueue(appended.entry());
      if (appended.written()) {
        meters.counter("care.feed.entries.written").increment();
      }
      // also for an entry found again: the first time may have crashed before its readers were woken
      streams.wake(envelope.tenant(), envelope.event().patientId());
    });
  }
}
