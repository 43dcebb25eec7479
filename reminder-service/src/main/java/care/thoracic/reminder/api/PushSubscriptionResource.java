package care.thoracic.reminder.api;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Roles;
import care.thoracic.eventsourcing.decider.CommandRejectedException;
import care.thoracic.platform.problem.InvalidInputException;
import care.thoracic.platform.problem.Problem;
import care.thoracic.platform.tenancy.Caller;
import care.thoracic.platform.tenancy.CurrentCaller;
import care.thoracic.reminder.delivery.PushBeans;
import care.thoracic.reminder.delivery.PushConfig;
import care.thoracic.reminder.delivery.WebhookTargets;
import care.thoracic.reminder.domain.PushSubscription;
import care.thoracic.reminder.store.PushDeliveries;
import care.thoracic.reminder.store.PushSubscriptions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The patient's devices that get Web Push: only the patient registers, lists and removes their own
 * (anyone else's are 404, as every patient's data is to other patients; staff have no use for
 * them and are refused by role).
 */
@Path("/patients/{patientId}/push-subscriptions")
@Tag(name = "push")
@RolesAllowed(Roles.PATIENT)
@Produces(MediaType.APPLICATION_JSON)
public class PushSubscriptionResource {
  @Inject CurrentCaller currentCaller;
  @Inject WebhookTargets targets;
  @Inject PushConfig config;
  @Inject PushBeans.Push push;
  @Inject PushSubscriptions subscriptions;
  @Inject PushDeliveries deliveries;
  @Inject Clock clock;
  @Inject MeterRegistry meters;

  /** A registered device, without its keys. */
  @Schema(name = "PushSubscriptionView")
  public record SubscriptionView(
      @Schema(example = "3f1c2a8e-5b7d-4c1e-9a0f-6d2b8e4c7a91") UUID subscriptionId,
      @Schema(example = "https://fcm.googleapis.com/fcm/send/dpH5lCsTSSM:APA91bHqjZxM0VImWWqDRN7U0a3AycjUf4O")
      URI endpoint,
      @Schema(example = "2026-12-01T09:30:00Z") Instant createdAt) {
    static SubscriptionView of(PushSubscription subscription) {
      return new SubscriptionView(subscription.subscriptionId(), subscription.endpoint(), subscription.createdAt());
    }
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Register this browser for push (the patient)", description = "The body is the browser's "
      + "PushSubscription (subscription.toJSON()) after pushManager.subscribe with the key from "
      + "GET /push/vapid-public-key. Registering an endpoint again replaces its keys (200); a new one is added (201) "
      + "up to reminders.push.max-devices-per-patient (10). An endpoint another patient had registered (a shared "
      + "device) becomes this patient's.")
  @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
      schema = @Schema(implementation = PushSubscriptionInput.class),
      examples = @ExampleObject(name = "a browser's subscription", value = "{\"endpoint\": "
          + "\"https://fcm.googleapis.com/fcm/send/dpH5lCsTSSM:APA91bHqjZxM0VImWWqDRN7U0a3AycjUf4O\", "
          + "\"expirationTime\": null, \"keys\": {\"p256dh\": "
          + "\"BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM\", "
          + "\"auth\": \"tBHItJI5svbpez7KI4CCXg\"}}")))
  @APIResponse(responseCode = "200", description = "Known already; its keys replaced",
      content = @Content(schema = @Schema(implementation = SubscriptionView.class)))
  @APIResponse(responseCode = "201", description = "Registered",
      content = @Content(schema = @Schema(implementation = SubscriptionView.class)))
  @APIResponse(responseCode = "400", description = "Invalid subscription (an endpoint that is not https, too long, "
      + "or inside the platform; keys that are not a P-256 point and a 16-byte secret); nothing changed",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "404", description = "Another patient",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "409", description = "The patient has the most devices allowed (remove one first), or "
      + "push is off in this deployment (no VAPID key pair); nothing changed",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public Response register(@PathParam("patientId") @Pattern(regexp = PatientId.REGEX) String patientId,
      @NotNull @Valid PushSubscriptionInput input) {
    PatientId patient = PatientId.of(patientId);
    Caller caller = currentCaller.seeing(patient);
    PushSubscriptionInput.Checked valid = input.validate(targets, config.allowHttpEndpoints());
    if (push.sender().isEmpty()) {
      throw new CommandRejectedException("Web Push is off in this deployment (it has no VAPID key pair): the app "
          + "keeps to its feed");
    }
    PushSubscriptions.Registered registered;
    try {
      registered = subscriptions.register(caller.tenant(), patient, valid.endpoint(), valid.p256dh(), valid.auth(),
          clock.instant(), config.maxDevicesPerPatient());
    } catch (PushSubscriptions.TooManyDevicesException e) {
      throw new CommandRejectedException(e.getMessage());
    }
    return Response.status(registered.created() ? Response.Status.CREATED : Response.Status.OK)
        .entity(SubscriptionView.of(registered.subscription())).build();
  }

  @GET
  @Operation(summary = "The patient's devices registered for push (the patient)", description = "Oldest first; "
      + "without their keys.")
  @APIResponse(responseCode = "200", description = "The devices")
  @APIResponse(responseCode = "404", description = "Another patient",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public List<SubscriptionView> list(@PathParam("patientId") @Pattern(regexp = PatientId.REGEX) String patientId) {
    PatientId patient = PatientId.of(patientId);
    Caller caller = currentCaller.seeing(patient);
    return subscriptions.of(caller.tenant(), patient).stream().map(SubscriptionView::of).toList();
  }

  @DELETE
  @Operation(summary = "Stop pushing to this browser (the patient)", description = "By the endpoint the browser "
      + "registered; also when the patient signs out, so a shared device stops showing their notices. 204 whether it "
      + "was registered or not; what was still to be pushed to it is dropped.")
  @APIResponse(responseCode = "204", description = "Not registered (any more)")
  @APIResponse(responseCode = "400", description = "No endpoint, or not a URL",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "404", description = "Another patient",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public Response remove(@PathParam("patientId") @Pattern(regexp = PatientId.REGEX) String patientId,
      @QueryParam("endpoint") @NotNull @Size(max = PushSubscriptionInput.MAX_ENDPOINT) String endpoint) {
    PatientId patient = PatientId.of(patientId);
    Caller caller = currentCaller.seeing(patient);
    URI url;
    try {
      url = new URI(endpoint);
    } catch (URISyntaxException e) {
      throw new InvalidInputException("endpoint", "is not a URL: " + e.getReason());
    }
    subscriptions.remove(caller.tenant(), patient, url).ifPresent(removed -> {
      deliveries.forget(removed.subscriptionId());
      Counter.builder("care.push.subscriptions.removed").description("Subscriptions removed")
          .tag("reason", "unsubscribed").register(meters).increment();
    });
    return Response.noContent().build();
  }
}
