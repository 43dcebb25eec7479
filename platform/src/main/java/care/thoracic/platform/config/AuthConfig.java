package care.thoracic.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How bearer tokens are handled ({@code care.auth.*}). */
@ConfigMapping(prefix = "care.auth")
public interface AuthConfig {
  /** How many verified bearer tokens to keep until they expire (0: verify every request). */
  @WithDefault("4096")
  int verifiedTokenCacheSize();

  /**
   * How far the issuer's clock may be ahead of ours: a token issued later than now plus this is
   * refused. Expiry allows the same ({@code mp.jwt.verify.clock.skew}, set to match in the platform's
   * defaults).
   */
  @WithDefault("60s")
  Duration clockSkew();

  /** The longest a token may live from issue to expiry; a longer-lived one is refused. */
  @WithDefault("12h")
  Duration maxTokenLifetime();

  /**
   * The clinic's OpenID Connect provider (Keycloak), whose tokens are trusted beside the platform's
   * own ({@code mp.jwt.verify.*}: the dev tokens of {@code ./care token} and the tests). Unset: only
   * the platform's own.
   */
  Oidc oidc();

  interface Oidc {
    /** The provider's issuer, exactly as its tokens' {@code iss} says, e.g. {@code http://localhost:8180/realms/care}. */
    Optional<String> issuer();

    /** Where its signing keys are published (JWKS); default: Keycloak's, {@code <issuer>/protocol/openid-connect/certs}. */
    Optional<String> jwksUrl();
  }
}
