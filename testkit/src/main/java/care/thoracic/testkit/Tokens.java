package care.thoracic.testkit;

import care.thoracic.contracts.Roles;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Signs RS256 test tokens with the testkit key; services under test verify them with
 * {@link #PUBLIC_KEY_LOCATION} and {@link #ISSUER} (their test profile's defaults).
 */
public final class Tokens {
  public static final String ISSUER = "https://care.thoracic/test";
  public static final String PUBLIC_KEY_LOCATION = "testkit/jwt/public-key.pem";
  private static final PrivateKey KEY = privateKey("testkit/jwt/private-key.pem");
  private static final PrivateKey FOREIGN_KEY = privateKey("testkit/jwt/foreign-private-key.pem");

  private Tokens() {}

  public static String patient(String tenant, String patientId) {
    return token(tenant, patientId, Roles.PATIENT).sign();
  }

  public static String clinician(String tenant, String subject) {
    return token(tenant, subject, Roles.CLINICIAN).sign();
  }

  public static String clinicAdmin(String tenant, String subject) {
    return token(tenant, subject, Roles.CLINIC_ADMIN).sign();
  }

  public static String ops(String tenant, String subject) {
    return token(tenant, subject, Roles.OPS).sign();
  }

  public static Builder token(String tenant, String subject, String... groups) {
    return new Builder(tenant, subject, Set.of(groups));
  }

  /**
   * For the bad-token cases: expired, foreign signature, wrong issuer, no clinic claim, a clinic claim of
   * another JSON type, no subject, issued in the future, living too long.
   */
  public static final class Builder {
    private final String tenant;
    private final String subject;
    private final Set<String> groups;
    private String issuer = ISSUER;
    private Instant issuedAt = Instant.now();
    private Duration lifetime = Duration.ofHours(1);
    private PrivateKey key = KEY;
    private Object clinicClaim;
    private boolean withClinic = true;
    private boolean withSubject = true;

    private Builder(String tenant, String subject, Set<String> groups) {
      this.tenant = tenant;
      this.subject = subject;
      this.groups = groups;
    }

    public Builder issuer(String issuer) {
      this.issuer = issuer;
      return this;
    }

    public Builder expired() {
      this.issuedAt = Instant.now().minus(Duration.ofHours(2));
      this.lifetime = Duration.ofHours(1);
      return this;
    }

    public Builder signedByAStranger() {
      this.key = FOREIGN_KEY;
      return this;
    }

    public Builder withoutClinic() {
      this.withClinic = false;
      return this;
    }

    /** The clinic claim as another JSON value than the clinic's id, e.g. a list or a number. */
    public Builder clinicClaim(Object value) {
      this.clinicClaim = value;
      return this;
    }

    public Builder withoutSubject() {
      this.withSubject = false;
      return this;
    }

    public Builder issuedAt(Instant issuedAt) {
      this.issuedAt = issuedAt;
      return this;
    }

    public Builder lifetime(Duration lifetime) {
      this.lifetime = lifetime;
      return this;
    }

    public String sign() {
      var claims = Jwt.issuer(issuer).groups(groups).issuedAt(issuedAt).expiresAt(issuedAt.plus(lifetime));
      if (withSubject) {
        claims.subject(subject).upn(subject);
      }
      if (withClinic) {
        claims.claim(Roles.CLINIC_CLAIM, clinicClaim != null ? clinicClaim : tenant);
      }
      return claims.jws().algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256).sign(key);
    }
  }

  private static PrivateKey privateKey(String resource) {
    try (InputStream in = Tokens.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test key " + resource);
      }
      return KeyUtils.decodePrivateKey(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("bad test key " + resource, e);
    }
  }
}
