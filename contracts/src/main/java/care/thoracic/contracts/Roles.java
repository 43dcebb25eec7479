package care.thoracic.contracts;

import java.util.Set;

/** The JWT {@code groups} the platform knows, and the claim that names the caller's clinic. */
public final class Roles {
  public static final String PATIENT = "patient";
  public static final String CLINICIAN = "clinician";
  public static final String CLINIC_ADMIN = "clinic-admin";
  public static final String OPS = "ops";
  /** Every role the platform knows; a token may carry others (an identity provider's own), which mean nothing here. */
  public static final Set<String> ALL = Set.of(PATIENT, CLINICIAN, CLINIC_ADMIN, OPS);

  /** The claim carrying the tenant; a patient's {@code sub} is their patient id. */
  public static final String CLINIC_CLAIM = "clinic";

  private Roles() {}
}
