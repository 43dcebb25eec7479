package care.thoracic.progress.api;

import ca.uhn.fhir.context.FhirContext;
import care.thoracic.contracts.Roles;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.eventsourcing.store.EventSourcedRepository;
import care.thoracic.platform.problem.Problem;
import care.thoracic.platform.tenancy.Caller;
import care.thoracic.platform.tenancy.CurrentCaller;
import care.thoracic.platform.trace.RequestTrace;
import care.thoracic.progress.domain.PlanFacts;
import care.thoracic.progress.domain.PlanProgress;
import care.thoracic.progress.domain.ProgressReport;
import care.thoracic.progress.domain.ProgressRules;
import care.thoracic.progress.store.ProgressViews;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Date;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Sessions a patient logs against their plan, and the plan's progress. Only the plan's patient
 * and the clinic's staff see a plan; for anyone else it does not exist (404).
 */
@Path("/plans/{planId}")
@Tag(name = "progress")
@RolesAllowed({Roles.PATIENT, Roles.CLINICIAN, Roles.CLINIC_ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class ProgressResource {
  static final String FHIR_JSON = "application/fhir+json";
  private static final int ATTEMPTS_ON_CONFLICT = 10;

  @Inject CurrentCaller currentCaller;
  @Inject RequestTrace trace;
  @Inject Clock clock;
  @Inject EventSourcedRepository<PlanProgress.Command, CareEvent, PlanProgress.State> progress;
  @Inject ProgressViews views;
  @Inject ProgressRules rules;
  @Inject FhirContext fhir;

  @POST
  @Path("/sessions")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Log a session", description = "Records the session (SessionLogged) and applies the rules "
      + "that cannot wait: progressive numbness, bowel or bladder dysfunction, fever with pain 7 or more raise an "
      + "URGENT flag at once; numbness, tingling or weakness still reported after 14 days raise a HIGH one. Posting "
      + "the same sessionId again with the same content answers the same and records nothing; with other content, "
      + "409. A suspended plan still records sessions; one awaiting approval or completed does not (409).")
  @APIResponse(responseCode = "201", description = "Logged (or logged before)",
      content = @Content(schema = @Schema(implementation = SessionView.class)))
  @APIResponse(responseCode = "400", description = "Invalid session; nothing recorded",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "404", description = "No such plan for this caller",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "409", description = "The plan does not take sessions, or the id names another session",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public Response logSession(@PathParam("planId") UUID planId, @NotNull @Valid SessionInput input) {
    Caller caller = currentCaller.get();
    PlanFacts plan = visible(caller, planId);
    SessionLogged session = input.toSession(planId, plan, today(plan));
    // sessions are independent of each other: one logged at the same moment (a second device,
    // the clinic's tablet) is no reason to refuse this one, so the decision is taken again on the new state
    progress.handleRetrying(caller.tenant(), PlanProgress.streamId(planId), new PlanProgress.LogSession(session, plan),
        trace.causation(caller), ATTEMPTS_ON_CONFLICT);
    return Response.status(Response.Status.CREATED).entity(SessionView.of(session)).build();
  }

  @GET
  @Path("/progress")
  @Operation(summary = "The plan's progress today", description = "Adherence overall, per plan week and per phase; "
      + "the 7-day mean pain series against baseline with the change in points and percent; streaks; open and resolved "
      + "flags; the latest assessment; and why the plan is at risk, if it is. Follows the logged sessions within moments.")
  public ProgressReport progress(@PathParam("planId") UUID planId) {
    ProgressViews.PlanRecord plan = visibleRecord(planId);
    return ProgressReport.of(plan.facts(), plan.phases(), plan.scores(), plan.flags(), plan.latestAssessment(),
        today(plan.facts()), rules);
  }

  @GET
  @Path("/observations")
  @Produces(FHIR_JSON)
  @Operation(summary = "Pain scores as FHIR R4 Observations", description = "A Bundle with two Observations (LOINC "
      + "72514-3) per logged session: the pain before and after it.")
  public Response observations(@PathParam("planId") UUID planId) {
    ProgressViews.PlanRecord plan = visibleRecord(planId);
    String json = fhir.newJsonParser().encodeResourceToString(FhirObservations.of(plan, Date.from(clock.instant())));
    return Response.ok(json, FHIR_JSON).build();
  }

  private PlanFacts visible(Caller caller, UUID planId) {
    return views.facts(caller.tenant(), planId).filter(plan -> currentCaller.maySee(plan.patientId()))
        .orElseThrow(() -> new NotFoundException("no plan " + planId));
  }

  private ProgressViews.PlanRecord visibleRecord(UUID planId) {
    Caller caller = currentCaller.get();
    return views.record(caller.tenant(), planId).filter(plan -> currentCaller.maySee(plan.facts().patientId()))
        .orElseThrow(() -> new NotFoundException("no plan " + planId));
  }

  private LocalDate today(PlanFacts plan) {
    return LocalDate.now(clock.withZone(plan.timezone()));
  }
}
