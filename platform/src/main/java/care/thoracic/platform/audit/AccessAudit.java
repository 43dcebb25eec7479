package care.thoracic.platform.audit;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.AccessAction;
import care.thoracic.contracts.clinical.AccessOutcome;
import care.thoracic.contracts.events.PatientDataAccessed;
import care.thoracic.eventsourcing.config.CareConfig;
import care.thoracic.platform.config.AuditConfig;
import care.thoracic.platform.tenancy.Caller;
import care.thoracic.platform.tenancy.PatientAccess;
import care.thoracic.platform.trace.RequestTrace;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The access audit of the current request: turns the patients its access checks met
 * ({@link PatientAccess}) into records, and has them written before the answer goes out. Plain
 * answers are recorded by {@link AccessAuditFilter}; a live stream, which no response filter sees,
 * by {@link #streamed} before its first event.
 */
@RequestScoped
public class AccessAudit {
  @Inject PatientAccess access;
  @Inject AccessAuditTrail trail;
  @Inject RequestTrace trace;
  @Inject CareConfig care;
  @Inject AuditConfig config;

  private String httpMethod;
  private String endpoint;
  private boolean recorded;
  private boolean streaming;

  /** The endpoint the request matched, as {@code METHOD /path/{template}}: what a record names, never the data. */
  void matched(String httpMethod, String pathTemplate) {
    this.httpMethod = httpMethod;
    this.endpoint = httpMethod + " " + pathTemplate;
  }

  /**
   * {@code live}, once the opening of the stream is recorded: a stream whose opening cannot be
   * recorded fails with 503 before it shows anything.
   */
  public <T> Multi<T> streamed(Multi<T> live) {
    streaming = true;
    Uni<Void> written = record(200);
    return written.ifNoItem().after(config.commitTimeout()).fail()
        .onFailure().transform(AccessAuditUnavailableException::new)
        .onItem().transformToMulti(ignored -> live);
  }

  /** Writes the records of this request's accesses, answered with {@code status}; once per request. */
  Uni<Void> record(int status) {
    if (recorded || access.reached().isEmpty() || endpoint == null) {
      return Uni.createFrom().voidItem();
    }
    recorded = true;
    return Uni.createFrom().item(() -> records(status, Instant.now()))
        .chain(records -> Uni.createFrom().completionStage(() -> trail.record(access.caller().tenant(), records)));
  }

  /** Whether every access of this request only read, and was answered with data: what a 503 must withhold. */
  boolean onlyReadSuccessfully(int status) {
    return status < 300 && ("GET".equals(httpMethod) || "HEAD".equals(httpMethod));
  }

  /** The records, for the log line of accesses that could not be written. */
  List<PatientDataAccessed> records(int status, Instant at) {
    Caller caller = access.caller();
    List<String> roles = caller.roles().stream().sorted().toList();
    AccessOutcome outcome = AccessOutcome.of(status);
    List<PatientDataAccessed> records = new ArrayList<>(access.reached().size());
    for (Map.Entry<PatientId, PatientAccess.Reach> reached : access.reached().entrySet()) {
      records.add(new PatientDataAccessed(UUID.randomUUID(), reached.getKey(), caller.subject(), roles,
          care.serviceName(), action(reached.getValue(), status), endpoint, outcome, status, at,
          trace.correlationId(), access.viaTicket()));
    }
    return records;
  }

  private AccessAction action(PatientAccess.Reach reach, int status) {
    return switch (reach) {
      case LISTED -> AccessAction.LIST;
      case ONE -> streaming ? AccessAction.STREAM : switch (httpMethod) {
        case "GET", "HEAD" -> AccessAction.READ;
        case "DELETE" -> AccessAction.DELETE;
        case "POST" -> status == 201 ? AccessAction.CREATE : AccessAction.UPDATE;
        default -> AccessAction.UPDATE;
      };
    };
  }
}
