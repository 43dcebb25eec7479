package care.thoracic.web.app;

import care.thoracic.web.backend.ServiceStream;
import care.thoracic.web.pages.Roles;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.net.URI;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The patient's feed, live: reminder-service's stream relayed with the patient's own token, as events
 * named {@code changed} with the entry's number. The page then fetches itself again and shows what
 * changed (a plan suspended or resumed, a new phase, a reminder): the entries' words stay with the pages.
 */
@Path("/app/feed")
@RolesAllowed(Roles.PATIENT)
public class FeedResource {
  @Inject SecurityIdentity identity;

  /** Where reminder-service is (the REST client's own setting). */
  @ConfigProperty(name = "quarkus.rest-client.reminder.url")
  URI reminderService;

  @GET
  @Path("/changes")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.TEXT_PLAIN)
  @Blocking
  public Multi<OutboundSseEvent> changes(@QueryParam("after") String after,
      @HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
    String path = UriBuilder.fromPath("/patients/{patientId}/feed/stream")
        .queryParam("after", ServiceStream.position(lastEventId, after)).build(identity.getPrincipal().getName())
        .toString();
    return ServiceStream.relay(reminderService, path, identity.getCredential(AccessTokenCredential.class).getToken(),
        sse);
  }
}
