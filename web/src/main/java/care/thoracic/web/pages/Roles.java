package care.thoracic.web.pages;

/** The realm roles this application tells apart, as the token's {@code groups} claim names them. */
public final class Roles {
  public static final String PATIENT = "patient";
  public static final String CLINICIAN = "clinician";
  public static final String CLINIC_ADMIN = "clinic-admin";

  private Roles() {}
}
