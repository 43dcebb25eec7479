package care.thoracic.reminder.api;

import care.thoracic.contracts.Roles;
import care.thoracic.platform.problem.Problem;
import care.thoracic.reminder.delivery.PushBeans;
import care.thoracic.reminder.delivery.WebPushSender;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The deployment's VAPID public key, which browsers subscribe with. */
@Path("/push/vapid-public-key")
@Tag(name = "push")
@RolesAllowed({Roles.PATIENT, Roles.CLINICIAN, Roles.CLINIC_ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class VapidKeyResource {
  @Inject PushBeans.Push push;

  /** The key as pushManager.subscribe takes it. */
  public record VapidKeyView(@Schema(description = "The uncompressed P-256 public key (65 bytes), base64url: the "
      + "applicationServerKey of pushManager.subscribe",
      example = "BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U")
      String publicKey) {}

  @GET
  @Operation(summary = "The key browsers subscribe to push with", description = "Pass it (decoded from base64url) "
      + "as applicationServerKey to pushManager.subscribe, with userVisibleOnly: true.")
  @APIResponse(responseCode = "200", description = "The key")
  @APIResponse(responseCode = "404", description = "Push is off in this deployment (it has no VAPID key pair)",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public VapidKeyView get() {
    return new VapidKeyView(push.sender().map(WebPushSender::publicKey).orElseThrow(() -> new NotFoundException(
        "Web Push is off in this deployment: it has no VAPID key pair, and the app keeps to its feed")));
  }
}
