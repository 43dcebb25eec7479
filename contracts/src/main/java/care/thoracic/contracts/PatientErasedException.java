package care.thoracic.contracts;

/**
 * The patient was erased: their data key is destroyed, so what was sealed with it can never be read
 * again. Readers skip such events (replays, rebuilds, consumers); an API answers that the patient is
 * erased.
 */
public final class PatientErasedException extends RuntimeException {
  private final Tenant tenant;
  private final PatientId patientId;

  public PatientErasedException(Tenant tenant, PatientId patientId) {
    super("patient " + patientId + " of " + tenant + " is erased");
    this.tenant = tenant;
    this.patientId = patientId;
  }

  public Tenant tenant() {
    return tenant;
  }

  public PatientId patientId() {
    return patientId;
  }
}
