package care.thoracic.platform.tenancy;

import care.thoracic.contracts.Roles;
import jakarta.inject.Inject;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A token for a patient or a clinic's staff must name a valid clinic, or it is no token at all
 * (401), decided before the request's body is read or validated: a caller who cannot be scoped to
 * a clinic learns nothing about what the endpoint accepts. Ops work on the platform, not in a
 * clinic, so an ops-only token needs none.
 */
public class ClinicClaimFilter {
  private static final Set<String> CLINIC_ROLES = Set.of(Roles.PATIENT, Roles.CLINICIAN, Roles.CLINIC_ADMIN);

  @Inject JsonWebToken jwt;

  @ServerRequestFilter
  public void requireClinic() {
    if (jwt.getRawToken() != null && jwt.getGroups().stream().anyMatch(CLINIC_ROLES::contains)) {
      CurrentCaller.clinicOf(jwt);
    }
  }
}
