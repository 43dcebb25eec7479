package care.thoracic.platform.audit;

/** The accesses of a request could not be written to the audit trail in time: its data is withheld (503). */
public class AccessAuditUnavailableException extends RuntimeException {
  public AccessAuditUnavailableException(Throwable cause) {
    super("the access audit cannot be written", cause);
  }
}
