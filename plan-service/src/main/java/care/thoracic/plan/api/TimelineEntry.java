package care.thoracic.plan.api;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.events.PlanEvent;
import java.time.Instant;

/** One step of a plan's history: the event as published, when, by whom, at which version. */
public record TimelineEntry(long version, String type, Instant occurredAt, String actor, PlanEvent event) {
  static TimelineEntry of(EventEnvelope<PlanEvent> envelope) {
    return new TimelineEntry(envelope.metadata().streamVersion(), envelope.type().ceType(),
        envelope.metadata().occurredAt(), envelope.metadata().actor().toString(), envelope.event());
  }
}
