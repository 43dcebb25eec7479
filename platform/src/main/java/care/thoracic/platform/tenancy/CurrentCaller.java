package care.thoracic.platform.tenancy;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Roles;
import care.thoracic.contracts.Tenant;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import jakarta.ws.rs.NotFoundException;
import java.time.Instant;
import java.util.Collections;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller of the current request, from its verified JWT. */
@RequestScoped
public class CurrentCaller {
  @Inject JsonWebToken jwt;
  @Inject PatientAccess access;

  private Caller caller;

  /** @throws UnauthorizedException when the token names no (valid) clinic: it cannot be scoped */
  public Caller get() {
    if (caller == null) {
      if (!hasToken()) {
        throw new UnauthorizedException("no bearer token");
      }
      caller = new Caller(clinicOf(jwt), jwt.getSubject(), jwt.getGroups());
    }
    return caller;
  }

  /**
   * The caller, if their token grants one of {@code roles}: the check {@code @RolesAllowed} makes, for
   * a method that may also be called without a token (with a stream ticket) and so cannot declare it.
   *
   * @throws UnauthorizedException without a token
   * @throws ForbiddenException when the token grants none of {@code roles}
   */
  public Caller inAnyRole(Set<String> roles) {
    if (!hasToken()) {
      throw new UnauthorizedException("no bearer token");
    }
    if (Collections.disjoint(jwt.getGroups(), roles)) {
      throw new ForbiddenException();
    }
    return get();
  }

  /** Whether the request carries a (verified) bearer token. */
  public boolean hasToken() {
    return jwt != null && jwt.getRawToken() != null;
  }

  /** When the caller's token expires: what a live stream may last until. */
  public Instant tokenExpiry() {
    get();
    return Instant.ofEpochSecond(jwt.getExpirationTime());
  }

  /** @throws UnauthorizedException when the token names no valid clinic */
  static Tenant clinicOf(JsonWebToken jwt) {
    Object clinic = jwt.getClaim(Roles.CLINIC_CLAIM);
    String id = clinic instanceof String text ? text : clinic instanceof JsonString json ? json.getString() : null;
    if (id == null) {
      throw new UnauthorizedException("the token names no clinic (as a string)");
    }
    try {
      return Tenant.of(id);
    } catch (IllegalArgumentException e) {
      throw new UnauthorizedException("the token names no valid clinic");
    }
  }

  /**
   * The caller, if they may see {@code patient}'s data (the patient themselves, or their clinic's
   * staff).
   *
   * @throws NotFoundException otherwise: to anyone else the patient does not exist
   * @throws care.thoracic.contracts.PatientErasedException if the patient was erased
   */
  public Caller seeing(PatientId patient) {
    Caller current = get();
    if (!access.allows(current, patient)) {
      throw new NotFoundException("no patient " + patient.value());
    }
    return current;
  }

  /** As {@link #seeing}, for the record of the patient's erasure: the one thing still shown once they are erased. */
  public Caller seeingEvenIfErased(PatientId patient) {
    Caller current = get();
    if (!access.allowsEvenIfErased(current, patient)) {
      throw new NotFoundException("no patient " + patient.value());
    }
    return current;
  }

  /**
   * Whether the caller may see {@code patient}'s data, for an endpoint that finds the patient through
   * something else (a plan, a triage): noted for the access audit like {@link #seeing}.
   */
  public boolean maySee(PatientId patient) {
    return access.allows(get(), patient);
  }
}
