package care.thoracic.web.backend;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** progress-service: logged sessions and the plan's progress. */
@RegisterRestClient(configKey = "progress")
@RegisterProvider(PersonsAccessToken.class)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface ProgressApi {
  /** The session as logged; its {@code sessionId}, chosen when the form was rendered, makes a retry safe. */
  @POST
  @Path("/plans/{planId}/sessions")
  JsonNode logSession(@PathParam("planId") UUID planId, JsonNode session);

  @GET
  @Path("/clinic/patients-at-risk")
  JsonNode atRisk(@QueryParam("page") int page, @QueryParam("size") int size);

  @GET
  @Path("/plans/{planId}/progress")
  JsonNode progress(@PathParam("planId") UUID planId);
}
