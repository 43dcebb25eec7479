package care.thoracic.platform.trace;

import care.thoracic.contracts.Identifiers;
import care.thoracic.eventsourcing.store.Causation;
import care.thoracic.platform.tenancy.Caller;
import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;

/**
 * The correlation id of the current request (from {@code X-Correlation-Id}, or new) and its own
 * id: what the events a request appends carry as correlation and causation.
 */
@RequestScoped
public class RequestTrace {
  public static final String HEADER = "X-Correlation-Id";

  private final String requestId = "req-" + UUID.randomUUID();
  private String correlationId;

  void begin(String fromHeader) {
    correlationId = usable(fromHeader) ? fromHeader : requestId;
  }

  /** The correlation id a request's header gives, or a new one when it gives none (or an invalid one). */
  public static String correlationIdFrom(String header) {
    return usable(header) ? header : "req-" + UUID.randomUUID();
  }

  private static boolean usable(String header) {
    return header != null && Identifiers.TRACE_ID.matcher(header).matches();
  }

  public String correlationId() {
    return correlationId == null ? requestId : correlationId;
  }

  public String requestId() {
    return requestId;
  }

  public Causation causation(Caller caller) {
    return new Causation(correlationId(), requestId, caller.actor());
  }
}
