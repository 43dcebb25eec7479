package care.thoracic.contracts.clinical;

/** How an access to a patient's data ended, from the answer's status. */
public enum AccessOutcome {
  /** Answered 2xx or 3xx: the data was read or changed. */
  SUCCESS("0"),
  /** 401, 403 or 404: the caller was not let near the patient (to them the patient does not exist). */
  DENIED("4"),
  /** Any other 4xx: the request was refused (invalid input, a conflict, too many) and changed nothing. */
  REFUSED("4"),
  /** 5xx: the service failed. */
  FAILED("8");

  private final String fhirCode;

  AccessOutcome(String fhirCode) {
    this.fhirCode = fhirCode;
  }

  public static AccessOutcome of(int status) {
    if (status < 400) {
      return SUCCESS;
    }
    if (status == 401 || status == 403 || status == 404) {
      return DENIED;
    }
    return status < 500 ? REFUSED : FAILED;
  }

  /** The FHIR R4 {@code AuditEvent.outcome} code (http://hl7.org/fhir/audit-event-outcome). */
  public String fhirCode() {
    return fhirCode;
  }
}
