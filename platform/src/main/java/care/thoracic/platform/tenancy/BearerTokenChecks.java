package care.thoracic.platform.tenancy;

import care.thoracic.contracts.Roles;
import care.thoracic.platform.config.AuthConfig;
import io.quarkus.security.UnauthorizedException;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * What a validly signed token must also be, checked before a request's body is parsed or validated
 * (the edge has only buffered it, within its bounds), each failure a 401: it names a subject; it was
 * not issued in the future (beyond {@code care.auth.clock-skew}); it does not live longer than
 * {@code care.auth.max-token-lifetime}; and, for a patient or a clinic's staff, it names a valid clinic as a string. A caller who cannot
 * be scoped to a clinic learns nothing about what the endpoint accepts. Ops work on the platform,
 * not in a clinic, so an ops-only token needs no clinic. (Signature, issuer and expiry, with the same
 * skew, are smallrye-jwt's.)
 */
public class BearerTokenChecks {
  private static final Set<String> CLINIC_ROLES = Set.of(Roles.PATIENT, Roles.CLINICIAN, Roles.CLINIC_ADMIN);

  @Inject JsonWebToken jwt;
  @Inject AuthConfig auth;

  @ServerRequestFilter
  public void check() {
    if (jwt.getRawToken() == null) {
      return;
    }
    if (jwt.getSubject() == null || jwt.getSubject().isBlank()) {
      throw new UnauthorizedException("the token names no subject");
    }
    long issuedAt = jwt.getIssuedAtTime();
    long now = Instant.now().getEpochSecond();
    if (issuedAt <= 0 || issuedAt > now + auth.clockSkew().toSeconds()) {
      throw new UnauthorizedException("the token was issued in the future");
    }
    if (jwt.getExpirationTime() - issuedAt > auth.maxTokenLifetime().toSeconds()) {
      throw new UnauthorizedException("the token lives longer than " + auth.maxTokenLifetime());
    }
    if (jwt.getGroups().stream().anyMatch(CLINIC_ROLES::contains)) {
      CurrentCaller.clinicOf(jwt);
    }
  }
}
