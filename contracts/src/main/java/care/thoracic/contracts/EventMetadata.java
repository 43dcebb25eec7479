package care.thoracic.contracts;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What every event carries besides its payload. On Kafka these travel as CloudEvents headers; in
 * the event store beside the payload.
 *
 * @param streamId the aggregate stream the event belongs to, e.g. {@code plan-<uuid>}
 * @param streamVersion 1 for a stream's first event, then one more for each event
 * @param correlationId shared by everything one original request caused
 * @param causationId the id of the request or event that directly caused this one
 */
public record EventMetadata(
    UUID eventId,
    Tenant tenant,
    String streamId,
    long streamVersion,
    Instant occurredAt,
    String correlationId,
    String causationId,
    Actor actor) {

  public static final Pattern STREAM_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  public EventMetadata {
    Objects.requireNonNull(eventId, "eventId is required");
    Objects.requireNonNull(tenant, "tenant is required");
    Identifiers.require("streamId", streamId, STREAM_ID);
    if (streamVersion < 1) {
      throw new IllegalArgumentException("streamVersion starts at 1");
    }
    Objects.requireNonNull(occurredAt, "occurredAt is required");
    Identifiers.require("correlationId", correlationId, Identifiers.TRACE_ID);
    Identifiers.require("causationId", causationId, Identifiers.TRACE_ID);
    Objects.requireNonNull(actor, "actor is required");
  }
}
