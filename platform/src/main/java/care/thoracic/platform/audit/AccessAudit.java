package care.thoracic.platform.audit;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Roles;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.AccessAction;
import care.thoracic.contracts.clinical.AccessOutcome;
import care.thoracic.contracts.events.PatientDataAccessed;
import care.thoracic.eventsourcing.config.CareConfig;
import care.thoracic.eventsourcing.store.Commit;
import care.thoracic.platform.config.AuditConfig;
import care.thoracic.platform.tenancy.Caller;
import care.thoracic.platform.tenancy.PatientAccess;
import care.thoracic.platform.trace.RequestTrace;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

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
  private boolean changed;

  /** The endpoint the request matched, as {@code METHOD /path/{template}}: what a record names, never the data. */
  void matched(String httpMethod, String pathTemplate) {
    this.httpMethod = httpMethod;
    this.endpoint = httpMethod + " " + pathTemplate;
  }

  /**
   * Writes the opening of a live stream, for {@link care.thoracic.platform.stream.LiveStreams#open}
   * to wait for: a stream whose opening cannot be recorded fails with 503 before it shows anything.
   */
  public Uni<Void> streamOpening() {
    streaming = true;
    return record(200).ifNoItem().after(config.commitTimeout()).fail()
        .onFailure().transform(AccessAuditUnavailableException::new);
  }

  /** Notes that {@code commit}, appended on this request's thread, is this request's change. */
  void appended(Commit commit) {
    if (commit.events().getFirst().metadata().causationId().equals(trace.requestId())) {
      changed = true;
    }
  }

  /** Writes the records of this request's accesses, answered with {@code status}; once per request. */
  Uni<Void> record(int status) {
    if (recorded || access.reached().isEmpty() || endpoint == null) {
      return Uni.createFrom().voidItem();
    }
    recorded = true;
    // the trail's writer completes the write; the answer must go on elsewhere, or one writer thread
    // would serialise and send every answer of its batch, one after the other
    return Uni.createFrom().item(() -> records(status, Instant.now())).chain(records -> {
      Tenant tenant = access.caller().tenant();
      CompletionStage<Void> written = trail.record(tenant, records);
      return trail.answeringAhead(written, tenant, records) ? Uni.createFrom().voidItem()
          : Uni.createFrom().completionStage(written);
    }).emitOn(Infrastructure.getDefaultWorkerPool());
  }

  /**
   * Whether an answer whose accesses could not be written must be withheld (503): it would show
   * data, and the request changed nothing. A change already made keeps its answer: the caller must
   * learn what happened.
   */
  boolean withheldWhenUnrecorded(int status) {
    return status < 300 && !changed;
  }

  /** The records, for the log line of accesses that could not be written. */
  List<PatientDataAccessed> records(int status, Instant at) {
    Caller caller = access.caller();
    // the platform's roles only: an identity provider adds its own (offline_access, …), which say nothing here
    List<String> roles = caller.roles().stream().filter(Roles.ALL::contains).sorted().toList();
    String subject = recordable(caller.subject());
    AccessOutcome outcome = AccessOutcome.of(status);
    List<PatientDataAccessed> records = new ArrayList<>(access.reached().size());
    for (Map.Entry<PatientId, PatientAccess.Reach> reached : access.reached().entrySet()) {
      records.add(new PatientDataAccessed(UUID.randomUUID(), reached.getKey(), subject, roles,
          care.serviceName(), action(reached.getValue(), status), endpoint, outcome, status, at,
          trace.correlationId(), access.viaTicket()));
    }
    return records;
  }

  /**
   * The subject as the record names it: as the token gives it when it is a plain identifier (a
   * Keycloak user id, a staff id), else a stable pseudonym of it (an e-mail address, an
   * {@code auth0|...} id), so a record is always written and names nobody in clear.
   */
  static String recordable(String subject) {
    if (PatientDataAccessed.SUBJECT.matcher(subject).matches() && !subject.contains("@")) {
      return subject;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(subject.getBytes(StandardCharsets.UTF_8));
      return "sub-" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
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
