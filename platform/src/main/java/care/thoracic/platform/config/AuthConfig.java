package care.thoracic.platform.tenancy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How bearer tokens are handled ({@code care.auth.*}). */
@ConfigMapping(prefix = "care.auth")
public interface AuthConfig {
  /** How many verified bearer tokens to keep until they expire (0: verify every request). */
  @WithDefault("4096")
  int verifiedTokenCacheSize();
}
