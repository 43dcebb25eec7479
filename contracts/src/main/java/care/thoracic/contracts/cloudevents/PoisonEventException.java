package care.thoracic.contracts.cloudevents;

/** A Kafka record that can never be processed; it belongs in the topic's dead-letter queue. */
public class PoisonEventException extends Exception {
  public enum Reason {
    MISSING_HEADER,
    INVALID_HEADER,
    UNKNOWN_TYPE,
    WRONG_TOPIC,
    /** {@code ce_source} is not a declared producer of the event's type (the catalogue). */
    FOREIGN_SOURCE,
    TENANT_MISMATCH,
    PATIENT_MISMATCH,
    MALFORMED_PAYLOAD,
    OVERSIZED
  }

  private final Reason reason;

  public PoisonEventException(Reason reason, String detail) {
    this(reason, detail, null);
  }

  public PoisonEventException(Reason reason, String detail, Throwable cause) {
    super(reason + ": " + detail, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
