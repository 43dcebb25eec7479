package care.thoracic.platform.tenancy;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Roles;
import care.thoracic.contracts.Tenant;
import java.util.Set;

/** Who is calling: their clinic (the tenant every query is scoped to), subject and roles. */
public record Caller(Tenant tenant, String subject, Set<String> roles) {
  public Caller {
    roles = Set.copyOf(roles);
  }

  public boolean isPatient() {
    return roles.contains(Roles.PATIENT);
  }

  /** Clinicians and clinic admins work with every patient of their clinic. */
  public boolean isClinicStaff() {
    return roles.contains(Roles.CLINICIAN) || roles.contains(Roles.CLINIC_ADMIN);
  }

  /**
   * Whether this caller may see {@code patient}'s data in their own clinic. Answer "no" with 404,
   * not 403, so that another patient's existence is not revealed.
   */
  public boolean maySee(PatientId patient) {
    return isClinicStaff() || (isPatient() && subject.equals(patient.value()));
  }

  public boolean isClinicAdmin() {
    return roles.contains(Roles.CLINIC_ADMIN);
  }

  /**
   * Whether this caller may govern {@code patient}'s record (read who saw it, take a copy of it): the
   * patient themselves, or an admin of their clinic. Clinicians do not: that is governance, not care.
   */
  public boolean mayGovern(PatientId patient) {
    return isClinicAdmin() || (isPatient() && subject.equals(patient.value()));
  }

  public Actor actor() {
    return Actor.user(subject);
  }
}
