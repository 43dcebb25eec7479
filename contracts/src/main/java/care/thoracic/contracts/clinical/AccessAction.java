package care.thoracic.contracts.clinical;

import java.util.Set;

/**
 * What a request did with a patient's data, as an access log says it; FHIR AuditEvent's action
 * code is {@link #fhirCode}.
 */
public enum AccessAction {
  /** One patient's data was read (a plan, a timeline, a triage, a feed page, a FHIR resource). */
  READ("R"),
  /** A clinic list showed the patient among others (the work queue, red flags, plans, patients at risk). */
  LIST("R"),
  /** A live stream of the patient's data was opened. */
  STREAM("R"),
  /** Something of the patient's was created (an intake, a session, a stream ticket). */
  CREATE("C"),
  /** Something of the patient's was changed (a plan's phase, preferences, an acknowledgement). */
  UPDATE("U"),
  /** Something of the patient's was removed (a push subscription). */
  DELETE("D");

  /** The actions that only read. */
  public static final Set<AccessAction> READS = Set.of(READ, LIST, STREAM);

  private final String fhirCode;

  AccessAction(String fhirCode) {
    this.fhirCode = fhirCode;
  }

  /** The FHIR R4 {@code AuditEvent.action} code (http://hl7.org/fhir/audit-event-action). */
  public String fhirCode() {
    return fhirCode;
  }
}
