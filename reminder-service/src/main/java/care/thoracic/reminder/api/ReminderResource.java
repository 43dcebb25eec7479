package care.thoracic.reminder.api;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Roles;
import care.thoracic.eventsourcing.decider.CommandRejectedException;
import care.thoracic.platform.http.Page;
import care.thoracic.platform.problem.Problem;
import care.thoracic.platform.tenancy.Caller;
import care.thoracic.platform.tenancy.CurrentCaller;
import care.thoracic.reminder.store.Reminders;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A patient's reminders, for their app (their own only) and their clinic's staff. */
@Path("/patients/{patientId}/reminders")
@Tag(name = "reminders")
@RolesAllowed({Roles.PATIENT, Roles.CLINICIAN, Roles.CLINIC_ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class ReminderResource {
  @Inject CurrentCaller currentCaller;
  @Inject Reminders reminders;
  @Inject Clock clock;

  @GET
  @Operation(summary = "The patient's reminders", description = "By due time; optionally of one status (PENDING, "
      + "CANCELLED, SATISFIED, SENT, FAILED) and due within [from, to) (ISO-8601 instants). Each says which rule "
      + "planned it and any quiet-hour move.")
  @APIResponse(responseCode = "200", description = "A page of reminders")
  @APIResponse(responseCode = "400", description = "A query parameter is invalid",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "404", description = "Another patient's reminders (for a patient)",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public Page<Reminders.StoredReminder> list(@PathParam("patientId") @Pattern(regexp = PatientId.REGEX) String patientId,
      @QueryParam("status") Reminders.Status wanted, @QueryParam("from") Instant since, @QueryParam("to") Instant until,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(Page.LAST_PAGE) int page,
      @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
    PatientId patient = PatientId.of(patientId);
    Caller caller = currentCaller.seeing(patient);
    return new Page<>(reminders.ofPatient(caller.tenant(), patient, wanted, since, until, page * size, size), page,
        size, reminders.countOfPatient(caller.tenant(), patient, wanted, since, until));
  }

  @POST
  @Path("/{reminderId}/read")
  @Operation(summary = "Mark a delivered reminder read", description = "Idempotent: the first time is kept. "
      + "A reminder not delivered (yet) cannot be read: 409.")
  @APIResponse(responseCode = "200", description = "The reminder, read")
  @APIResponse(responseCode = "404", description = "No such reminder for this patient",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "409", description = "Not delivered",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public Reminders.StoredReminder read(@PathParam("patientId") @Pattern(regexp = PatientId.REGEX) String patientId,
      @PathParam("reminderId") UUID reminderId) {
    PatientId patient = PatientId.of(patientId);
    Caller caller = currentCaller.seeing(patient);
    Reminders.StoredReminder reminder = reminders.ofPatient(caller.tenant(), patient, reminderId)
        .orElseThrow(() -> new NotFoundException("no reminder " + reminderId));
    if (reminder.status() != Reminders.Status.SENT) {
      throw new CommandRejectedException("the reminder was not delivered (it is " + reminder.status() + ")");
    }
    reminders.markRead(caller.tenant(), reminderId, clock.instant());
    return reminders.ofPatient(caller.tenant(), patient, reminderId).orElseThrow();
  }
}
