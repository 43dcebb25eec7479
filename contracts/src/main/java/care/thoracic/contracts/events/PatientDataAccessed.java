package care.thoracic.contracts.events;

import care.thoracic.contracts.Identifiers;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.AccessAction;
import care.thoracic.contracts.clinical.AccessOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One access to one patient's data: who (the token's subject and roles; the clinic is the event's
 * tenant), what (the patient, the endpoint as its path template, the action), when (wall time, not
 * the adjustable service clock), how it ended and under which correlation id. It names endpoints,
 * never the data: no personal data is in an audit record beyond the identifiers.
 *
 * @param accessId unique per record: the access log keeps each once, however often it is delivered
 * @param resource the endpoint as its path template, e.g. {@code GET /plans/{planId}/history}
 * @param status the HTTP status the caller was answered (for a stream: 200 when it opened)
 * @param viaTicket the caller opened a stream with a stream ticket instead of a bearer token
 */
public record PatientDataAccessed(
    UUID accessId, PatientId patientId, String subject, List<String> roles, String service, AccessAction action,
    String resource, AccessOutcome outcome, int status, Instant accessedAt, String correlationId, boolean viaTicket)
    implements AccessEvent {

  /** What a subject may look like in a record. */
  public static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9@._-]{0,127}");
  private static final Pattern SERVICE = Pattern.compile("[a-z][a-z0-9-]{0,63}");
  private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9-]{0,63}");
  private static final Pattern RESOURCE = Pattern.compile("(GET|HEAD|POST|PUT|PATCH|DELETE) /[A-Za-z0-9{}/_.-]{0,255}");

  public PatientDataAccessed {
    Objects.requireNonNull(accessId, "accessId is required");
    Objects.requireNonNull(patientId, "patientId is required");
    Identifiers.require("subject", subject, SUBJECT);
    roles = List.copyOf(Objects.requireNonNull(roles, "roles is required"));
    roles.forEach(role -> Identifiers.require("role", role, ROLE));
    Identifiers.require("service", service, SERVICE);
    Objects.requireNonNull(action, "action is required");
    Identifiers.require("resource", resource, RESOURCE);
    Objects.requireNonNull(outcome, "outcome is required");
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be an HTTP status");
    }
    Objects.requireNonNull(accessedAt, "accessedAt is required");
    Identifiers.require("correlationId", correlationId, Identifiers.TRACE_ID);
  }
}
