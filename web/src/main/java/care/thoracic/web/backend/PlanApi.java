package care.thoracic.web.backend;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** plan-service: plans, their decisions and history, the clinic's work queue and lists. */
@RegisterRestClient(configKey = "plan")
@RegisterProvider(PersonsAccessToken.class)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface PlanApi {
  @GET
  @Path("/clinic/work-queue")
  JsonNode workQueue(@QueryParam("size") int size);

  @POST
  @Path("/clinic/work-queue/{itemId}/acknowledgement")
  JsonNode acknowledge(@PathParam("itemId") UUID itemId);

  /** The clinic's plans, most recently changed first; {@code status} null for all. */
  @GET
  @Path("/clinic/plans")
  JsonNode plans(@QueryParam("status") String status, @QueryParam("page") int page, @QueryParam("size") int size);

  @GET
  @Path("/plans/{planId}")
  JsonNode plan(@PathParam("planId") UUID planId);

  @GET
  @Path("/plans/{planId}/history")
  JsonNode history(@PathParam("planId") UUID planId);

  @GET
  @Path("/plans/{planId}/today")
  JsonNode today(@PathParam("planId") UUID planId);

  @GET
  @Path("/patients/{patientId}/plan")
  JsonNode patientPlan(@PathParam("patientId") String patientId);

  /** One of the clinician's decisions ({@link PlanDecision#path()}), on the version the clinician saw. */
  @POST
  @Path("/plans/{planId}/{decision}")
  JsonNode decide(@PathParam("planId") UUID planId, @PathParam("decision") String decision,
      @HeaderParam("If-Match") String ifMatch, Map<String, String> body);

  /** Keep the plan ({@code KEEP_PLAN}) or replace it with the re-triage's ({@code REPLACE_PLAN}), with a reason. */
  @POST
  @Path("/plans/{planId}/retriages/{triageId}/decision")
  JsonNode decideRetriage(@PathParam("planId") UUID planId, @PathParam("triageId") UUID triageId,
      @HeaderParam("If-Match") String ifMatch, Map<String, String> body);

  @GET
  @Path("/clinic/settings/work-queue")
  JsonNode workQueueSettings();

  @PUT
  @Path("/clinic/settings/work-queue")
  JsonNode setWorkQueueSettings(JsonNode settings);

  @GET
  @Path("/clinic/settings/protocol")
  JsonNode protocolSetting();

  @PUT
  @Path("/clinic/settings/protocol")
  JsonNode setProtocolSetting(JsonNode setting);

  /** Who saw or changed the patient's data, newest first. */
  @GET
  @Path("/patients/{patientId}/access-log")
  JsonNode accessLog(@PathParam("patientId") String patientId, @QueryParam("page") int page,
      @QueryParam("size") int size);

  /**
   * One page of everything the platform holds of the patient, as a FHIR Bundle that opens with the
   * Patient; its {@code Link rel="next"} names the next page of the same export ({@code asOf} fixed by
   * the first), none after the last. {@code asOf} null for a new export.
   */
  @GET
  @Path("/patients/{patientId}/export")
  @Produces("application/fhir+json")
  Response export(@PathParam("patientId") String patientId, @QueryParam("page") int page,
      @QueryParam("asOf") String asOf);
}
