package care.thoracic.triage.api;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Roles;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.TriageCompleted;
import care.thoracic.eventsourcing.store.EventSourcedRepository;
import care.thoracic.platform.problem.Problem;
import care.thoracic.platform.tenancy.Caller;
import care.thoracic.platform.tenancy.CurrentCaller;
import care.thoracic.platform.trace.RequestTrace;
import care.thoracic.triage.domain.TriageCase;
import care.thoracic.triage.store.PatientTriages;
import io.quarkus.security.ForbiddenException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Intake and triage: a patient for themself, or a clinician of the clinic for a patient. */
@Path("/")
@Tag(name = "triage")
@RolesAllowed({Roles.PATIENT, Roles.CLINICIAN, Roles.CLINIC_ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class TriageResource {
  @Inject CurrentCaller currentCaller;
  @Inject RequestTrace trace;
  @Inject Clock clock;
  @Inject EventSourcedRepository<TriageCase.Command, CareEvent, TriageCase.State> triageCases;
  @Inject PatientTriages patientTriages;

  @POST
  @Path("/triage")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Triage an intake",
      description = "Decides category, suspected conditions, disposition and red flags by the rules of "
          + "CLINICAL.md §2, each with reasons; publishes TriageCompleted and one RedFlagRaised per flag. "
          + "A patient may only submit their own intake.")
  @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
      schema = @Schema(implementation = IntakeRequest.class),
      examples = {
          @ExampleObject(name = "SELF_CARE", summary = "desk worker, posture strain", value = OpenApiExamples.SELF_CARE),
          @ExampleObject(name = "MODIFIED_CARE", summary = "degenerative disc disease", value = OpenApiExamples.MODIFIED_CARE),
          @ExampleObject(name = "REFER", summary = "reflux mimicking T6-T10 pain", value = OpenApiExamples.REFER),
          @ExampleObject(name = "URGENT", summary = "fever with severe pain", value = OpenApiExamples.URGENT)}))
  @APIResponse(responseCode = "201", description = "Triaged",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TriageView.class),
          examples = @ExampleObject(name = "SELF_CARE", value = OpenApiExamples.SELF_CARE_RESULT)))
  @APIResponse(responseCode = "400", description = "Invalid intake; nothing stored",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "403", description = "A patient submitting for someone else",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public Response triage(@NotNull @Valid IntakeRequest request, @Context UriInfo uri) {
    Caller caller = currentCaller.get();
    PatientId patient = request.patient();
    if (caller.isPatient() && !caller.isClinicStaff() && !caller.subject().equals(patient.value())) {
      throw new ForbiddenException("a patient can only submit their own intake");
    }
    UUID triageId = UUID.randomUUID();
    var result = triageCases.handle(caller.tenant(), TriageCase.streamId(triageId), OptionalLong.empty(),
        new TriageCase.Complete(triageId, patient, request.toIntake(clock)), trace.causation(caller));
    var completed = result.appended().getFirst();
    TriageView view = TriageView.of((TriageCompleted) completed.event(), completed.metadata().occurredAt());
    return Response.created(uri.getBaseUriBuilder().path("triage").path(triageId.toString()).build()).entity(view)
        .build();
  }

  @GET
  @Path("/triage/{triageId}")
  @Operation(summary = "One triage", description = "404 for another clinic's triage, or another patient's.")
  @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TriageView.class)))
  @APIResponse(responseCode = "404", description = "No such triage for this caller",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public TriageView triage(@PathParam("triageId") UUID triageId) {
    Caller caller = currentCaller.get();
    var loaded = triageCases.load(caller.tenant(), TriageCase.streamId(triageId));
    if (loaded.state() instanceof TriageCase.Triaged triaged && caller.maySee(triaged.completed().patientId())) {
      return TriageView.of(triaged.completed(), loaded.events().getFirst().metadata().occurredAt());
    }
    throw new NotFoundException("no triage " + triageId);
  }

  @GET
  @Path("/patients/{patientId}/triage")
  @Operation(summary = "A patient's triages, newest first")
  public List<TriageView> patientTriages(@PathParam("patientId") @Pattern(regexp = PatientId.REGEX) String patientId,
      @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit) {
    PatientId patient = PatientId.of(patientId);
    Caller caller = currentCaller.seeing(patient);
    return patientTriages.newestFirst(caller.tenant(), patient, limit).stream()
        .map(listed -> TriageView.of(listed.triage(), listed.completedAt())).toList();
  }
}
