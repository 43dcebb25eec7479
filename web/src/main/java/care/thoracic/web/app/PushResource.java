package care.thoracic.web.app;

import care.thoracic.web.backend.ReminderApi;
import care.thoracic.web.backend.ServiceProblem;
import care.thoracic.web.pages.Roles;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Web Push for the patient's app: the key a browser subscribes with, and registering or removing this
 * browser at reminder-service. The page posts the subscription as a form with its CSRF token; the
 * answer is JSON the page reads ({@code detail} says why not).
 */
@Path("/app/push")
@RolesAllowed(Roles.PATIENT)
@Produces(MediaType.APPLICATION_JSON)
public class PushResource {
  @Inject @RestClient ReminderApi reminders;
  @Inject SecurityIdentity identity;

  /** The VAPID public key; 404 when this deployment has no push. */
  @GET
  @Path("/key")
  public Response key() {
    try {
      return Response.ok(reminders.vapidPublicKey()).build();
    } catch (RuntimeException failure) {
      return refused(ServiceProblem.of(failure), failure);
    }
  }

  @POST
  @Path("/subscriptions")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response subscribe(@FormParam("endpoint") String endpoint, @FormParam("p256dh") String p256dh,
      @FormParam("auth") String auth) {
    ObjectNode subscription = JsonNodeFactory.instance.objectNode().put("endpoint", endpoint);
    subscription.putObject("keys").put("p256dh", p256dh).put("auth", auth);
    try {
      return Response.status(201).entity(reminders.registerPush(identity.getPrincipal().getName(), subscription))
          .build();
    } catch (RuntimeException failure) {
      return refused(ServiceProblem.of(failure), failure);
    }
  }

  /** This browser stops getting the patient's notices (also what a shared device does on logging out). */
  @POST
  @Path("/subscriptions/removal")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response unsubscribe(@FormParam("endpoint") String endpoint) {
    try {
      reminders.removePush(identity.getPrincipal().getName(), endpoint);
      return Response.noContent().build();
    } catch (RuntimeException failure) {
      return refused(ServiceProblem.of(failure), failure);
    }
  }

  /** The service's refusal as the page reads it; anything else is the failure pages' business. */
  private static Response refused(ServiceProblem problem, RuntimeException failure) {
    if (problem.status() != 400 && problem.status() != 404 && problem.status() != 409) {
      throw failure;
    }
    return Response.status(problem.status()).entity(JsonNodeFactory.instance.objectNode()
        .put("detail", problem.detail())).type(MediaType.APPLICATION_JSON_TYPE).build();
  }
}
