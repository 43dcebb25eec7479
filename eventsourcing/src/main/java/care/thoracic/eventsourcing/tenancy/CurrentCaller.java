package care.thoracic.eventsourcing.tenancy;

import care.thoracic.contracts.Roles;
import care.thoracic.contracts.Tenant;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller of the current request, from its verified JWT. */
@RequestScoped
public class CurrentCaller {
  @Inject JsonWebToken jwt;

  private Caller caller;

  /** @throws UnauthorizedException when the token names no (valid) clinic: it cannot be scoped */
  public Caller get() {
    if (caller == null) {
      if (jwt == null || jwt.getRawToken() == null) {
        throw new UnauthorizedException("no bearer token");
      }
      String clinic = jwt.getClaim(Roles.CLINIC_CLAIM);
      Tenant tenant;
      try {
        tenant = Tenant.of(clinic);
      } catch (IllegalArgumentException e) {
        throw new UnauthorizedException("the token names no valid clinic");
      }
      caller = new Caller(tenant, jwt.getSubject(), jwt.getGroups());
    }
    return caller;
  }
}
