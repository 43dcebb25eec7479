package care.thoracic.web.config;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The secrets the login stands on, required at start: the {@code care-web} client's secret at
 * Keycloak, and the keys that encrypt the PKCE state and the session cookie (at least 32
 * characters). Only the tests and dev mode have defaults; {@code ./care} makes its own.
 */
@ConfigMapping(prefix = "care.web")
public interface WebSecrets {
  @NotBlank
  String clientSecret();

  @Size(min = 32)
  String stateSecret();

  @Size(min = 32)
  String sessionSecret();
}
