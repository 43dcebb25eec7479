package care.thoracic.triage.api;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Roles;
import care.thoracic.contracts.clinical.TriageIntake;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.TriageCompleted;
import care.thoracic.eventsourcing.decider.CommandRejectedException;
import care.thoracic.eventsourcing.store.ConcurrencyConflictException;
import care.thoracic.eventsourcing.store.EventSourcedRepository;
import care.thoracic.platform.http.IdempotencyKey;
import care.thoracic.platform.problem.IdempotencyKeyReusedException;
import care.thoracic.platform.problem.Problem;
import care.thoracic.platform.tenancy.Caller;
import care.thoracic.platform.tenancy.CurrentCaller;
import care.thoracic.platform.trace.RequestTrace;
import care.thoracic.triage.domain.TriageCase;
import care.thoracic.triage.store.ClinicWorkDays;
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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Intake and triage: a patient for themself, or a clinician of the clinic for a patient. */
@Path("/")
@Tag(name = "triage")
@RolesAllowed({Roles.PATIENT, Roles.CLINICIAN, Roles.CLINIC_ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class TriageResource {
  /** Set on the answer to a retry that found the first triage (as payment APIs do). */
  static final String REPLAYED = "Idempotent-Replayed";

  @Inject CurrentCaller currentCaller;
  @Inject RequestTrace trace;
  @Inject Clock clock;
  @Inject EventSourcedRepository<TriageCase.Command, CareEvent, TriageCase.State> triageCases;
  @Inject PatientTriages patientTriages;
  @Inject ClinicWorkDays clinicWorkDays;

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
  @APIResponse(responseCode = "422", description = "The Idempotency-Key was already used for a different intake",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @Parameter(name = IdempotencyKey.HEADER, in = ParameterIn.HEADER, schema = @Schema(type = SchemaType.STRING,
      maxLength = 255), description = "Names this attempt: a retry with the same key and intake is answered with "
      + "the first triage (header Idempotent-Replayed: true) and records nothing new; the same key with another "
      + "intake is a 422. A UUID per intake is best.", example = "\"3f2c9d1e-8b7a-4c6d-9e5f-1a2b3c4d5e6f\"")
  public Response triage(@NotNull @Valid IntakeRequest request, @Context UriInfo uri, @Context HttpHeaders headers) {
    Caller caller = currentCaller.get();
    PatientId patient = request.patient();
    if (!currentCaller.maySee(patient)) {
      throw new ForbiddenException("a patient can only submit their own intake");
    }
    Optional<IdempotencyKey> key = IdempotencyKey.of(headers.getRequestHeader(IdempotencyKey.HEADER));
    TriageIntake intake = request.toIntake(clock, clinicWorkDays.of(caller.tenant()).inForce());
    if (key.isEmpty()) {
      return created(complete(caller, UUID.randomUUID(), patient, intake), uri, false);
    }
    UUID triageId = key.get().idFor("triage", caller);
    Optional<Response> earlier = replay(caller, triageId, patient, intake, uri);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    try {
      return created(complete(caller, triageId, patient, intake), uri, false);
    } catch (ConcurrencyConflictException | CommandRejectedException racedByTheSameKey) {
      return replay(caller, triageId, patient, intake, uri).orElseThrow(() -> racedByTheSameKey);
    }
  }

  private EventEnvelope<CareEvent> complete(Caller caller, UUID triageId, PatientId patient, TriageIntake intake) {
    return triageCases.handle(caller.tenant(), TriageCase.streamId(triageId), OptionalLong.empty(),
        new TriageCase.Complete(triageId, patient, intake), trace.causation(caller)).appended().getFirst();
  }

  /** The first answer again when this key's triage exists and was of the same intake; a 422 when not. */
  private Optional<Response> replay(Caller caller, UUID triageId, PatientId patient, TriageIntake intake,
      UriInfo uri) {
    var loaded = triageCases.load(caller.tenant(), TriageCase.streamId(triageId));
    if (!(loaded.state() instanceof TriageCase.Triaged triaged)) {
      return Optional.empty();
    }
    TriageCompleted first = triaged.completed();
    if (!first.patientId().equals(patient) || !first.intake().equals(intake)) {
      throw new IdempotencyKeyReusedException("This Idempotency-Key was used for a different intake (triage "
          + triageId + "); send a new key for a new intake.");
    }
    return Optional.of(created(loaded.events().getFirst(), uri, true));
  }

  private static Response created(EventEnvelope<? extends CareEvent> completed, UriInfo uri, boolean replayed) {
    TriageCompleted triage = (TriageCompleted) completed.event();
    Response.ResponseBuilder response = Response.created(uri.getBaseUriBuilder().path("triage")
        .path(triage.triageId().toString()).build()).entity(TriageView.of(triage, completed.metadata().occurredAt()));
    return (replayed ? response.header(REPLAYED, "true") : response).build();
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
    if (loaded.state() instanceof TriageCase.Triaged triaged && currentCaller.maySee(triaged.completed().patientId())) {
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
