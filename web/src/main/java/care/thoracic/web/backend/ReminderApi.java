package care.thoracic.web.backend;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** reminder-service: reminders, their preferences, push, the patient's feed and the clinic's quiet hours. */
@RegisterRestClient(configKey = "reminder")
@RegisterProvider(PersonsAccessToken.class)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface ReminderApi {
  @GET
  @Path("/clinic/settings/quiet-hours")
  JsonNode quietHoursSetting();

  @PUT
  @Path("/clinic/settings/quiet-hours")
  JsonNode setQuietHoursSetting(JsonNode setting);

  /** The patient's reminders by due time, of one status. */
  @GET
  @Path("/patients/{patientId}/reminders")
  JsonNode reminders(@PathParam("patientId") String patientId, @QueryParam("status") String status,
      @QueryParam("page") int page, @QueryParam("size") int size);

  @POST
  @Path("/patients/{patientId}/reminders/{reminderId}/read")
  JsonNode markRead(@PathParam("patientId") String patientId, @PathParam("reminderId") UUID reminderId);

  @GET
  @Path("/patients/{patientId}/reminder-preferences")
  JsonNode preferences(@PathParam("patientId") String patientId);

  @PUT
  @Path("/patients/{patientId}/reminder-preferences")
  JsonNode setPreferences(@PathParam("patientId") String patientId, JsonNode preferences);

  /** The deployment's VAPID public key; 404 when push is off. */
  @GET
  @Path("/push/vapid-public-key")
  JsonNode vapidPublicKey();

  /** Registers a browser's push subscription ({@code subscription.toJSON()}) for the patient. */
  @PUT
  @Path("/patients/{patientId}/push-subscriptions")
  JsonNode registerPush(@PathParam("patientId") String patientId, JsonNode subscription);

  @DELETE
  @Path("/patients/{patientId}/push-subscriptions")
  void removePush(@PathParam("patientId") String patientId, @QueryParam("endpoint") String endpoint);

  /** The patient's feed entries after {@code after}, at most {@code limit}, and the newest number ({@code head}). */
  @GET
  @Path("/patients/{patientId}/feed")
  JsonNode feed(@PathParam("patientId") String patientId, @QueryParam("after") long after,
      @QueryParam("limit") int limit);
}
