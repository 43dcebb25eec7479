package care.thoracic.web.backend;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** triage-service: the patient's intake and its triage. */
@RegisterRestClient(configKey = "triage")
@RegisterProvider(PersonsAccessToken.class)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface TriageApi {
  /** The intake, with the key the form was rendered with: a resubmitted form is answered with the first triage. */
  @POST
  @Path("/triage")
  JsonNode triage(@HeaderParam("Idempotency-Key") String idempotencyKey, JsonNode intake);

  @GET
  @Path("/clinic/settings/work-days")
  JsonNode workDaysSetting();

  @PUT
  @Path("/clinic/settings/work-days")
  JsonNode setWorkDaysSetting(JsonNode setting);
}
