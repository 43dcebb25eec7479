package care.thoracic.plan.api;

import ca.uhn.fhir.context.FhirContext;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Roles;
import care.thoracic.contracts.events.PlanCompleted;
import care.thoracic.contracts.events.PlanEvent;
import care.thoracic.eventsourcing.decider.CommandRejectedException;
import care.thoracic.eventsourcing.store.EventSourcedRepository;
import care.thoracic.plan.domain.CarePlan;
import care.thoracic.plan.domain.Protocol;
import care.thoracic.plan.domain.Protocols;
import care.thoracic.plan.messaging.PlanStreams;
import care.thoracic.plan.store.PatientPlans;
import care.thoracic.plan.store.PlanSummaries;
import care.thoracic.platform.audit.AccessAudit;
import care.thoracic.platform.http.StreamPositions;
import care.thoracic.platform.http.VersionTags;
import care.thoracic.platform.problem.InvalidInputException;
import care.thoracic.platform.problem.Problem;
import care.thoracic.platform.stream.LiveStreams;
import care.thoracic.platform.stream.StreamOpeners;
import care.thoracic.platform.stream.StreamTicketView;
import care.thoracic.platform.stream.StreamTickets;
import care.thoracic.platform.tenancy.Caller;
import care.thoracic.platform.tenancy.CurrentCaller;
import care.thoracic.platform.tenancy.PatientAccess;
import care.thoracic.platform.trace.RequestTrace;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Care plans: read by the plan's patient and the clinic's clinicians, changed by clinicians. Every
 * change names the plan version it was decided on ({@code If-Match}); a stale one gets 409.
 */
@Path("/")
@Tag(name = "plans")
@RolesAllowed({Roles.PATIENT, Roles.CLINICIAN, Roles.CLINIC_ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class PlanResource {
  static final String FHIR_JSON = "application/fhir+json";
  private static final String STREAM_POSITION = "the id of an event you received (a plan version)";
  private static final Set<String> STREAM_ROLES = Set.of(Roles.PATIENT, Roles.CLINICIAN, Roles.CLINIC_ADMIN);

  @Inject CurrentCaller currentCaller;
  @Inject RequestTrace trace;
  @Inject Clock clock;
  @Inject EventSourcedRepository<CarePlan.Command, PlanEvent, CarePlan.State> carePlans;
  @Inject PlanSummaries summaries;
  @Inject PatientPlans patientPlans;
  @Inject Protocols protocols;
  @Inject CarePlan carePlan;
  @Inject PlanStreams streams;
  @Inject LiveStreams liveStreams;
  @Inject StreamOpeners streamOpeners;
  @Inject FhirContext fhir;
  @Inject PatientAccess patientAccess;
  @Inject AccessAudit accessAudit;

  @GET
  @Path("/plans/{planId}")
  @Operation(summary = "A plan as it stands now, or as it stood at an instant", description = "The ETag is the "
      + "plan's version, for If-Match. 404 for another clinic's plan, or another patient's.")
  @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PlanView.class)))
  @APIResponse(responseCode = "404", description = "No such plan for this caller",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public Response plan(@PathParam("planId") UUID planId,
      @Parameter(description = "an instant (ISO-8601, e.g. 2026-12-01T09:00:00Z): the plan exactly as it stood then, "
          + "rebuilt from its events") @QueryParam("asOf") Instant asOf) {
    if (asOf != null) {
      return Response.ok(asOf(planId, asOf)).build();
    }
    PlanView view = visible(planId);
    return Response.ok(view).tag(VersionTags.of(view.version())).build();
  }

  private PlanView asOf(UUID planId, Instant at) {
    var loaded = visibleLoaded(planId);
    List<PlanEvent> until = loaded.events().stream().filter(e -> !e.metadata().occurredAt().isAfter(at))
        .map(EventEnvelope::event).toList();
    if (until.isEmpty()) {
      throw new NotFoundException("plan " + planId + " did not exist at " + at);
    }
    return PlanView.of(carePlan.fold(carePlan.initialState(), until), until.size());
  }

  @GET
  @Path("/plans/{planId}/history")
  @Operation(summary = "The plan's timeline", description = "Every plan event, oldest first, with who caused it.")
  public List<TimelineEntry> history(@PathParam("planId") UUID planId) {
    return visibleLoaded(planId).events().stream().map(TimelineEntry::of).toList();
  }

  @GET
  @Path("/plans/{planId}/today")
  @Operation(summary = "What to do today", description = "The activities and dosage of today's phase (in the "
      + "patient's zone, by the plan's variant and pinned protocol version), and the education attached to the plan.")
  public TodayView today(@PathParam("planId") UUID planId) {
    var loaded = visibleLoaded(planId);
    if (!(loaded.state() instanceof CarePlan.Active active)) {
      throw new CommandRejectedException("the plan is not active: there is nothing to do today");
    }
    Protocol protocol = protocols.version(active.facts().protocolVersion());
    LocalDate today = LocalDate.now(clock.withZone(active.facts().timezone()));
    long dayOfPhase = Math.max(0, ChronoUnit.DAYS.between(active.phaseStartedOn(), today));
    return new TodayView(planId, today, active.facts().timezone(), active.phase(), dayOfPhase + 1,
        protocol.phase(active.phase()).window(),
        protocol.activities(active.facts().variant(), active.restrictionCleared(), active.phase(), dayOfPhase),
        protocol.education());
  }

  @GET
  @Path("/plans/{planId}/stream")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @PermitAll // with a ticket there is no token: the roles are checked below, as @RolesAllowed would
  @SecurityRequirement(name = "SecurityScheme", scopes = {Roles.PATIENT, Roles.CLINICIAN, Roles.CLINIC_ADMIN})
  @Blocking // it reads the store before streaming; a Multi would otherwise run on the event loop
  @Operation(summary = "Follow the plan live (server-sent events)", description = "Each plan event as an SSE event "
      + "named by its CloudEvents type, with the stream version as its id and the event's JSON as data; send "
      + "Last-Event-ID to resume exactly after that version. A heartbeat event every 15 s keeps the connection open. "
      + "The stream ends when the token expires, with a last event named reauthenticate: open it again with a new "
      + "token and the Last-Event-ID you had. At most 5 streams per caller at once (429 for the next).\n\n"
      + "Open it with a bearer token, or, where no Authorization header can be sent (a browser's EventSource), "
      + "with a ticket from POST /plans/{planId}/stream/tickets: `new EventSource(answer.stream)`. The ticket opens "
      + "this plan's stream once, within seconds, as the caller who asked for it, and the stream still ends when "
      + "that caller's token expires. A used, expired or foreign ticket is 401, without saying which.")
  @APIResponse(responseCode = "200", description = "The stream of the plan's events",
      content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, examples = @ExampleObject(name = "an event",
          value = "id: 1\nevent: care.plan.awaiting-approval.v1\ndata: {\"planId\": \"3f0e8b52-5d0c-4b8e-9a57-"
              + "2a1c9c4b7d10\", ...}\n\n")))
  @APIResponse(responseCode = "401", description = "No bearer token and no ticket, or a ticket that opens nothing",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "403", description = "The token's roles do not allow following a plan",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "404", description = "No such plan for this caller",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "429", description = "The caller already holds the most live streams allowed",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public Multi<OutboundSseEvent> stream(@PathParam("planId") UUID planId,
      @Parameter(description = "a ticket from POST /plans/{planId}/stream/tickets, instead of a bearer token",
          example = "Xl3m0cVh2Jq8m4c5Z0kGx1m9Cw7bQy2tR6dV3sN8pLo") @QueryParam("ticket") String ticket,
      @HeaderParam("Last-Event-ID") String lastEventId,
      @Parameter(description = "Where to start when there is no Last-Event-ID (a new EventSource cannot send one): "
          + "the version of the last event you had (0: from the first)", example = "3")
      @QueryParam("after") String afterVersion, @Context Sse sse) {
    long after = lastEventId != null && !lastEventId.isBlank()
        ? StreamPositions.after("Last-Event-ID", lastEventId, STREAM_POSITION)
        : StreamPositions.after("after", afterVersion, STREAM_POSITION);
    StreamTickets.Redeemed opener = streamOpeners.open(ticket, planStream(planId), STREAM_ROLES);
    Caller caller = opener.caller();
    visibleLoaded(caller, planId);
    Multi<OutboundSseEvent> events = streams.follow(caller.tenant(), planId, after).map(item -> switch (item) {
      case PlanStreams.PlanEventItem event -> sse.newEventBuilder().id(Long.toString(event.version()))
          .name(event.type()).mediaType(MediaType.APPLICATION_JSON_TYPE).data(event.json()).build();
      case PlanStreams.Heartbeat beat -> sse.newEventBuilder().name("heartbeat").data("{}").build();
    });
    return liveStreams.open(caller, opener.tokenExpiry(), events, sse.newEventBuilder().name("reauthenticate")
        .mediaType(MediaType.APPLICATION_JSON_TYPE).data("{\"reason\": \"the token expired\", \"resume\": "
            + "\"open the stream again (a new token, or a new ticket) with the Last-Event-ID you had, or after=it\"}")
        .build(), accessAudit.streamOpening());
  }

  @POST
  @Path("/plans/{planId}/stream/tickets")
  @Operation(summary = "A ticket to open the plan's stream without a token", description = "For a client that "
      + "cannot send an Authorization header with GET /plans/{planId}/stream, as a browser's EventSource cannot: "
      + "the answer's stream is the path to open, with the ticket as its query. The ticket opens this plan's stream "
      + "once, within care.http.stream-ticket-lifetime (30 s unless configured, at most 60 s; never after the token "
      + "expires), as the caller who asked for it; the stream ends when "
      + "their token expires, as one opened with the token would. Ask for a new ticket for every (re)connection. "
      + "Only a hash of the ticket is stored. 404 for a plan the caller may not see.")
  @APIResponse(responseCode = "201", description = "The ticket; not to be cached",
      content = @Content(schema = @Schema(implementation = StreamTicketView.class),
          examples = @ExampleObject(name = "ticket", value = "{\"ticket\": \"Xl3m0cVh2Jq8m4c5Z0kGx1m9Cw7bQy2tR6dV3sN8pLo\", "
              + "\"expiresAt\": \"2026-12-01T09:00:30Z\", \"stream\": \"/plans/3f0e8b52-5d0c-4b8e-9a57-2a1c9c4b7d10/"
              + "stream?ticket=Xl3m0cVh2Jq8m4c5Z0kGx1m9Cw7bQy2tR6dV3sN8pLo\"}")))
  @APIResponse(responseCode = "404", description = "No such plan for this caller",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public Response streamTicket(@PathParam("planId") UUID planId) {
    Caller caller = currentCaller.get();
    visibleLoaded(caller, planId);
    StreamTickets.Issued issued = streamOpeners.ticketFor(caller, planStream(planId));
    return Response.status(Response.Status.CREATED).header(HttpHeaders.CACHE_CONTROL, "no-store")
        .entity(StreamTicketView.of(issued, "/plans/" + planId + "/stream")).build();
  }

  /** The name a ticket for the plan's stream is issued and redeemed under. */
  private static String planStream(UUID planId) {
    return "plan:" + planId;
  }

  @GET
  @Path("/plans/{planId}/fhir")
  @Produces(FHIR_JSON)
  @Operation(summary = "The plan as a FHIR R4 CarePlan", description = "Status, intent, subject, period, the "
      + "protocol it instantiates, today's activities with their timing, and a contained pain Goal.")
  public Response fhir(@PathParam("planId") UUID planId) {
    var loaded = visibleLoaded(planId);
    PlanView plan = PlanView.of(loaded.state(), loaded.head().version());
    Protocol protocol = protocols.version(plan.protocolVersion());
    LocalDate today = LocalDate.now(clock.withZone(plan.timezone()));
    String json = fhir.newJsonParser().encodeResourceToString(FhirCarePlans.of(loaded.state(), protocol, today));
    return Response.ok(json, FHIR_JSON).tag(VersionTags.of(loaded.head().version())).build();
  }

  @GET
  @Path("/patients/{patientId}/plan")
  @Operation(summary = "The patient's current plan", description = "The one running or awaiting approval; "
      + "else the newest completed one.")
  @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PlanView.class)))
  public Response patientPlan(@PathParam("patientId") @Pattern(regexp = PatientId.REGEX) String patientId) {
    PatientId patient = PatientId.of(patientId);
    Caller caller = currentCaller.seeing(patient);
    UUID planId = summaries.currentPlan(caller.tenant(), patient)
        .orElseThrow(() -> new NotFoundException("patient " + patientId + " has no plan"));
    return plan(planId, null);
  }

  @POST
  @Path("/plans/{planId}/approve")
  @RolesAllowed({Roles.CLINICIAN, Roles.CLINIC_ADMIN})
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Approve a plan awaiting approval", description = "It starts today, in the patient's zone.")
  public Response approve(@PathParam("planId") UUID planId, @HeaderParam(VersionTags.IF_MATCH) String ifMatch,
      @NotNull @Valid ClinicianDecision decision) {
    return decide(planId, ifMatch, today -> new CarePlan.Approve(decision.reason(), today));
  }

  @POST
  @Path("/plans/{planId}/advance")
  @RolesAllowed({Roles.CLINICIAN, Roles.CLINIC_ADMIN})
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Advance the plan to its next phase by hand")
  public Response advance(@PathParam("planId") UUID planId, @HeaderParam(VersionTags.IF_MATCH) String ifMatch,
      @NotNull @Valid ClinicianDecision decision) {
    return decide(planId, ifMatch, today -> new CarePlan.Advance(decision.reason(), today));
  }

  @POST
  @Path("/plans/{planId}/hold")
  @RolesAllowed({Roles.CLINICIAN, Roles.CLINIC_ADMIN})
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Hold the plan in its phase; it is reviewed again a week later")
  public Response hold(@PathParam("planId") UUID planId, @HeaderParam(VersionTags.IF_MATCH) String ifMatch,
      @NotNull @Valid ClinicianDecision decision) {
    return decide(planId, ifMatch, today -> new CarePlan.Hold(decision.reason(), today));
  }

  @POST
  @Path("/plans/{planId}/suspend")
  @RolesAllowed({Roles.CLINICIAN, Roles.CLINIC_ADMIN})
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Suspend an active plan")
  public Response suspend(@PathParam("planId") UUID planId, @HeaderParam(VersionTags.IF_MATCH) String ifMatch,
      @NotNull @Valid ClinicianDecision decision) {
    return decide(planId, ifMatch, today -> new CarePlan.Suspend(decision.reason()));
  }

  @POST
  @Path("/plans/{planId}/resume")
  @RolesAllowed({Roles.CLINICIAN, Roles.CLINIC_ADMIN})
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Resume a suspended plan", description = "Resolves every flag that suspended it.")
  public Response resume(@PathParam("planId") UUID planId, @HeaderParam(VersionTags.IF_MATCH) String ifMatch,
      @NotNull @Valid ClinicianDecision decision) {
    return decide(planId, ifMatch, today -> new CarePlan.Resume(decision.reason(), today));
  }

  @POST
  @Path("/plans/{planId}/complete")
  @RolesAllowed({Roles.CLINICIAN, Roles.CLINIC_ADMIN})
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Complete (discharge) a plan")
  public Response complete(@PathParam("planId") UUID planId, @HeaderParam(VersionTags.IF_MATCH) String ifMatch,
      @NotNull @Valid ClinicianDecision decision) {
    return decide(planId, ifMatch, today -> new CarePlan.Complete(decision.reason()), (caller, result) ->
        result.appended().forEach(done -> patientPlans.completed(caller.tenant(), (PlanCompleted) done.event())));
  }

  @POST
  @Path("/plans/{planId}/retriages/{triageId}/decision")
  @RolesAllowed({Roles.CLINICIAN, Roles.CLINIC_ADMIN})
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Keep the plan, or replace it with the one a re-triage proposes (CLINICAL §8)",
      description = "The patient was triaged again while this plan was open; the triage waits in the work queue. "
          + "KEEP_PLAN: the plan goes on. REPLACE_PLAN: the plan ends with the reason and the proposed plan starts, "
          + "or awaits approval, at once; the answer is this plan, completed, and names its replacement.")
  @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
      schema = @Schema(implementation = RetriageDecisionRequest.class),
      examples = @ExampleObject(name = "replace", value = "{\"decision\": \"REPLACE_PLAN\", "
          + "\"reason\": \"New fracture risk: the modified programme instead.\"}")))
  @APIResponse(responseCode = "200", description = "Decided",
      content = @Content(schema = @Schema(implementation = PlanView.class)))
  @APIResponse(responseCode = "409", description = "The plan changed since the ETag, or that triage waits for nothing",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public Response decideRetriage(@PathParam("planId") UUID planId, @PathParam("triageId") UUID triageId,
      @HeaderParam(VersionTags.IF_MATCH) String ifMatch, @NotNull @Valid RetriageDecisionRequest decision) {
    Caller caller = currentCaller.get();
    OptionalLong expected = requiredVersion(ifMatch);
    visible(planId);
    var result = patientPlans.decideRetriage(caller.tenant(), planId, expected,
        new CarePlan.DecideRetriage(triageId, decision.decision(), decision.reason()), trace.causation(caller));
    PlanView after = PlanView.of(result.state(), result.version());
    return Response.ok(after).tag(VersionTags.of(after.version())).build();
  }

  @POST
  @Path("/plans/{planId}/clear-restriction")
  @RolesAllowed({Roles.CLINICIAN, Roles.CLINIC_ADMIN})
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Clear a restricted variant's restriction (CLINICAL §8)",
      description = "The structural variant leaves out foam-roller extension and loaded rotation until a clinician "
          + "clears it, with a reason; the plan then follows the full protocol. The systemic variant has nothing to "
          + "clear (409).")
  public Response clearRestriction(@PathParam("planId") UUID planId, @HeaderParam(VersionTags.IF_MATCH) String ifMatch,
      @NotNull @Valid ClinicianDecision decision) {
    return decide(planId, ifMatch, today -> new CarePlan.ClearRestriction(decision.reason()));
  }

  private EventSourcedRepository.Loaded<PlanEvent, CarePlan.State> visibleLoaded(UUID planId) {
    return visibleLoaded(currentCaller.get(), planId);
  }

  /** 404 unless the plan exists in the caller's clinic and the caller may see its patient. */
  private EventSourcedRepository.Loaded<PlanEvent, CarePlan.State> visibleLoaded(Caller caller, UUID planId) {
    var loaded = carePlans.load(caller.tenant(), CarePlan.streamId(planId));
    if (!loaded.exists() || !patientAccess.allows(caller, loaded.events().getFirst().event().patientId())) {
      throw new NotFoundException("no plan " + planId);
    }
    return loaded;
  }

  private PlanView visible(UUID planId) {
    var loaded = visibleLoaded(planId);
    return PlanView.of(loaded.state(), loaded.head().version());
  }

  private Response decide(UUID planId, String ifMatch, Function<LocalDate, CarePlan.Command> command) {
    return decide(planId, ifMatch, command, (caller, result) -> { });
  }

  /** @param afterwards what the decision's events also change beyond the plan (the open-plan reservation) */
  private Response decide(UUID planId, String ifMatch, Function<LocalDate, CarePlan.Command> command,
      BiConsumer<Caller, EventSourcedRepository.Result<PlanEvent, CarePlan.State>> afterwards) {
    Caller caller = currentCaller.get();
    OptionalLong expected = requiredVersion(ifMatch);
    PlanView plan = visible(planId);
    LocalDate today = LocalDate.now(clock.withZone(plan.timezone()));
    var result = carePlans.handle(caller.tenant(), CarePlan.streamId(planId), expected, command.apply(today),
        trace.causation(caller));
    afterwards.accept(caller, result);
    PlanView after = PlanView.of(result.state(), result.version());
    return Response.ok(after).tag(VersionTags.of(after.version())).build();
  }

  /** A decision on a plan is a decision on the version the clinician saw. */
  private static OptionalLong requiredVersion(String ifMatch) {
    OptionalLong expected = VersionTags.expected(ifMatch);
    if (expected.isEmpty()) {
      throw new InvalidInputException(VersionTags.IF_MATCH, "is required: the ETag of the plan you decided on");
    }
    return expected;
  }
}
