package care.thoracic.reminder.api;

import care.thoracic.contracts.Roles;
import care.thoracic.platform.problem.Problem;
import care.thoracic.platform.tenancy.Caller;
import care.thoracic.platform.tenancy.CurrentCaller;
import care.thoracic.platform.trace.RequestTrace;
import care.thoracic.reminder.delivery.WebhookSigningSecrets;
import care.thoracic.reminder.store.WebhookSecretSettings;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The clinic's settings reminder-service applies, for its admins: the webhook signing secret. Each
 * change is an event with who, when and why (care.clinic.v1); the secret is never answered back.
 */
@Path("/clinic/settings/webhook-secret")
@Tag(name = "clinic-settings")
@RolesAllowed(Roles.CLINIC_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class ClinicSettingsResource {
  @Inject CurrentCaller currentCaller;
  @Inject WebhookSecretSettings settings;
  @Inject WebhookSigningSecrets signingSecrets;
  @Inject RequestTrace trace;

  @GET
  @Operation(summary = "Whether the clinic signs its webhooks, and with which secret", description = "The "
      + "fingerprint of the secret in force (never the secret), whether the clinic's admins set it here or the "
      + "deployment configures it, and who set it, when and why.")
  @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = WebhookSecretView.class)))
  public WebhookSecretView get() {
    return WebhookSecretView.of(signingSecrets.of(currentCaller.get().tenant()));
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Set or rotate the clinic's webhook signing secret", description = "From now on every "
      + "webhook delivery of the clinic is signed with it (X-Care-Signature: sha256=HMAC of timestamp.body). "
      + "Recorded as an event (care.clinic.webhook-secret-set.v1) with who set it and why; the secret is stored "
      + "sealed and never answered back, only its fingerprint. Patients may choose the WEBHOOK channel once the clinic "
      + "has a secret.")
  @APIResponse(responseCode = "200", description = "Set; the setting in force",
      content = @Content(schema = @Schema(implementation = WebhookSecretView.class)))
  @APIResponse(responseCode = "400", description = "No secret, one too short or long or with spaces, or no reason; "
      + "nothing changed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "409", description = "Another admin set a secret at the same moment: read it, and set "
      + "again if still needed", content = @Content(mediaType = Problem.MEDIA_TYPE,
          schema = @Schema(implementation = Problem.class)))
  public WebhookSecretView put(@NotNull @Valid WebhookSecretInput input) {
    Caller caller = currentCaller.get();
    boolean rotated = signingSecrets.of(caller.tenant()).isPresent();
    settings.set(caller.tenant(), input.secret(), rotated, input.reason().strip(), trace.causation(caller));
    return WebhookSecretView.of(signingSecrets.of(caller.tenant()));
  }
}
