package care.thoracic.eventsourcing.store;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.Identifiers;
import java.util.Objects;
import java.util.UUID;

/**
 * Why events are being appended: the correlation id shared by everything one original request
 * caused, the id of what directly caused them, and who acted.
 */
public record Causation(String correlationId, String causationId, Actor actor) {
  public Causation {
    Identifiers.require("correlationId", correlationId, Identifiers.TRACE_ID);
    Identifiers.require("causationId", causationId, Identifiers.TRACE_ID);
    Objects.requireNonNull(actor, "actor is required");
  }

  /** A service reacting to an event: same correlation, caused by that event. */
  public static Causation reactingTo(EventEnvelope<?> cause, String serviceName) {
    return new Causation(cause.metadata().correlationId(), cause.metadata().eventId().toString(),
        Actor.service(serviceName));
  }

  /** A service acting on its own (a scheduled review, a timer): starts a new correlation. */
  public static Causation scheduled(String serviceName, String job) {
    String id = job + "-" + UUID.randomUUID();
    return new Causation(id, id, Actor.service(serviceName));
  }
}
