package care.thoracic.triage.api;

import care.thoracic.contracts.Roles;
import care.thoracic.platform.problem.Problem;
import care.thoracic.platform.tenancy.Caller;
import care.thoracic.platform.tenancy.CurrentCaller;
import care.thoracic.platform.trace.RequestTrace;
import care.thoracic.triage.store.ClinicWorkDays;
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
 * The work days an intake of the clinic gets when it names none (CLINICAL §8: work-hour reminders
 * follow them): Monday to Friday unless the clinic's admins set others, each change an event with
 * who and why. Intakes already triaged keep theirs.
 */
@Path("/clinic/settings/work-days")
@Tag(name = "clinic-settings")
@Produces(MediaType.APPLICATION_JSON)
public class WorkDaysSettingResource {
  @Inject CurrentCaller currentCaller;
  @Inject ClinicWorkDays settings;
  @Inject RequestTrace trace;

  @GET
  @RolesAllowed({Roles.CLINICIAN, Roles.CLINIC_ADMIN})
  @Operation(summary = "The work days the clinic's intakes get when they name none", description = "The days in "
      + "force, whether the clinic set them or follows the platform's (Monday to Friday), and who set them, when and why.")
  public WorkDaysSettingView get() {
    return WorkDaysSettingView.of(settings.of(currentCaller.get().tenant()));
  }

  @PUT
  @RolesAllowed(Roles.CLINIC_ADMIN)
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Set the clinic's default work days (clinic admins)", description = "Intakes triaged from now "
      + "on that name no work days get these; absent: Monday to Friday again. Recorded as an event "
      + "(care.clinic.default-work-days-set.v1) with who set them and why.")
  @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = WorkDaysSettingView.class)))
  @APIResponse(responseCode = "400", description = "No day, an unknown day, or no reason; nothing changed",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "409", description = "Another admin set them at the same moment: read them, and set "
      + "again if still needed", content = @Content(mediaType = Problem.MEDIA_TYPE,
          schema = @Schema(implementation = Problem.class)))
  public WorkDaysSettingView put(@NotNull @Valid WorkDaysSettingRequest request) {
    Caller caller = currentCaller.get();
    return WorkDaysSettingView.of(settings.set(caller.tenant(), request.days(), request.reason().strip(),
        trace.causation(caller)));
  }
}
