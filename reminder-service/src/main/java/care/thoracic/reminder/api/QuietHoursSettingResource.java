package care.thoracic.reminder.api;

import care.thoracic.contracts.Roles;
import care.thoracic.contracts.Tenant;
import care.thoracic.platform.problem.Problem;
import care.thoracic.platform.tenancy.Caller;
import care.thoracic.platform.tenancy.CurrentCaller;
import care.thoracic.platform.trace.RequestTrace;
import care.thoracic.reminder.domain.ReminderSchedule;
import care.thoracic.reminder.jobs.ReminderPlanner;
import care.thoracic.reminder.store.ClinicQuietHours;
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
import java.util.concurrent.ExecutorService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * The quiet hours of a clinic's patients who chose none: the platform's default (CLINICAL §7) unless
 * the clinic's admins set others (each change an event with who and why). A patient's own always win.
 */
@Path("/clinic/settings/quiet-hours")
@Tag(name = "clinic-settings")
@Produces(MediaType.APPLICATION_JSON)
public class QuietHoursSettingResource {
  private static final Logger LOG = Logger.getLogger(QuietHoursSettingResource.class);

  @Inject CurrentCaller currentCaller;
  @Inject ClinicQuietHours settings;
  @Inject ReminderSchedule schedule;
  @Inject ReminderPlanner planner;
  @Inject ExecutorService workers;
  @Inject RequestTrace trace;

  @GET
  @RolesAllowed({Roles.CLINICIAN, Roles.CLINIC_ADMIN})
  @Operation(summary = "The quiet hours the clinic's patients get unless they chose their own", description = "The "
      + "hours in force, whether the clinic set them or follows the platform's default, and who set them, when and why.")
  public QuietHoursSettingView get() {
    return QuietHoursSettingView.of(settings.of(currentCaller.get().tenant()), schedule.rules().defaultQuietHours());
  }

  @PUT
  @RolesAllowed(Roles.CLINIC_ADMIN)
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Set the clinic's default quiet hours (clinic admins)", description = "Local to each patient; "
      + "both start and end absent: the platform's default again. Recorded as an event "
      + "(care.clinic.default-quiet-hours-set.v1) with who set them and why. The pending reminders of the clinic's "
      + "running plans are planned again right after the answer; patients who chose their own quiet hours keep them.")
  @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = QuietHoursSettingView.class)))
  @APIResponse(responseCode = "400", description = "Only one of start and end, the same time for both, or no reason; "
      + "nothing changed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "409", description = "Another admin set them at the same moment: read them, and set "
      + "again if still needed", content = @Content(mediaType = Problem.MEDIA_TYPE,
          schema = @Schema(implementation = Problem.class)))
  public QuietHoursSettingView put(@NotNull @Valid QuietHoursSettingRequest request) {
    Caller caller = currentCaller.get();
    ClinicQuietHours.Setting set = settings.set(caller.tenant(), request.chosen(), request.reason().strip(),
        trace.causation(caller));
    replanInBackground(caller.tenant());
    return QuietHoursSettingView.of(set, schedule.rules().defaultQuietHours());
  }

  /** A clinic may have thousands of running plans: the answer does not wait; the planner job is the backstop. */
  private void replanInBackground(Tenant tenant) {
    workers.execute(() -> {
      try {
        planner.replanClinic(tenant);
      } catch (RuntimeException e) {
        LOG.warnf(e, "planning %s's reminders after its new quiet hours failed; the planner job plans them again",
            tenant.id());
      }
    });
  }
}
