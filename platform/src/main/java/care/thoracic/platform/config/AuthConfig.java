package care.thoracic.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

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
}
