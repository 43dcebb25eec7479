package care.thoracic.plan.api;

import care.thoracic.contracts.Roles;
import care.thoracic.plan.domain.Protocols;
import care.thoracic.plan.store.ClinicSettings;
import care.thoracic.platform.problem.FieldError;
import care.thoracic.platform.problem.InvalidInputException;
import care.thoracic.platform.problem.Problem;
import care.thoracic.platform.tenancy.Caller;
import care.thoracic.platform.tenancy.CurrentCaller;
import care.thoracic.platform.trace.RequestTrace;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The protocol version a clinic's new plans pin: the platform's current one unless the clinic's
 * admins chose another (each choice an event with who and why). Running plans keep theirs.
 */
@Path("/clinic/settings/protocol")
@Tag(name = "clinic-settings")
@Produces(MediaType.APPLICATION_JSON)
public class ProtocolSettingResource {
  @Inject CurrentCaller currentCaller;
  @Inject ClinicSettings settings;
  @Inject Protocols protocols;
  @Inject RequestTrace trace;

  @GET
  @RolesAllowed({Roles.CLINICIAN, Roles.CLINIC_ADMIN})
  @Operation(summary = "The protocol version the clinic's new plans get", description = "The version in force, the "
      + "clinic's choice (none: the current one), the versions it may choose from, and who chose, when and why.")
  public ProtocolSettingView get() {
    return view(settings.protocol(currentCaller.get().tenant()));
  }

  @PUT
  @RolesAllowed(Roles.CLINIC_ADMIN)
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Choose the protocol version the clinic's new plans pin (clinic admins)", description = "One of "
      + "the known versions, or none to follow the platform's current one. Plans started from now on pin it; running "
      + "plans keep theirs. Recorded as an event (care.clinic.protocol-pinned.v1) with who chose it and why.")
  @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ProtocolSettingView.class)))
  @APIResponse(responseCode = "400", description = "An unknown version, or no reason; nothing changed",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public ProtocolSettingView put(@NotNull @Valid ProtocolSettingRequest request) {
    Caller caller = currentCaller.get();
    if (request.version() != null && !protocols.versions().contains(request.version())) {
      throw new InvalidInputException(List.of(new FieldError("version", "must be one of " + protocols.versions()
          + ", or absent for the current one")));
    }
    return view(settings.pinProtocol(caller.tenant(), request.version(), request.reason().strip(),
        trace.causation(caller)));
  }

  private ProtocolSettingView view(ClinicSettings.ProtocolSetting setting) {
    String current = protocols.current().canonicalVersion();
    return new ProtocolSettingView(setting.pinned() == null ? current : setting.pinned(), setting.pinned(), current,
        protocols.versions(), setting.updatedBy(), setting.updatedAt(), setting.reason());
  }
}
