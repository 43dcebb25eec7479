package care.thoracic.web.backend;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Sends the logged-in person's own access token with every call to a service: this application
 * holds no token of its own, so a person can reach through it exactly what their token allows.
 */
@ApplicationScoped
public class PersonsAccessToken implements ClientRequestFilter {
  @Inject
  SecurityIdentity identity;

  @Override
  public void filter(ClientRequestContext request) {
    AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
    if (token == null) {
      throw new IllegalStateException("a service was called outside a logged-in request");
    }
    request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token.getToken());
  }
}
