package care.thoracic.platform.probe;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Roles;
import care.thoracic.contracts.clinical.Aggravator;
import care.thoracic.contracts.clinical.Onset;
import care.thoracic.contracts.clinical.ThoracicRange;
import care.thoracic.contracts.events.SessionEvent;
import care.thoracic.eventsourcing.store.EventSourcedRepository;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.eventsourcing.testing.SessionLog;
import care.thoracic.platform.http.Page;
import care.thoracic.platform.http.VersionTags;
import care.thoracic.platform.tenancy.Caller;
import care.thoracic.platform.tenancy.CurrentCaller;
import care.thoracic.platform.trace.RequestTrace;
import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClients;
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
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/** A minimal service on the kit, so the kit is tested the way services use it. */
@Path("/kit-probe")
@RolesAllowed({Roles.PATIENT, Roles.CLINICIAN, Roles.CLINIC_ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class ProbeResource {

  @Inject CurrentCaller currentCaller;
  @Inject RequestTrace trace;
  @Inject EventStore store;
  @Inject Clock clock;

  private EventSourcedRepository<SessionLog.Log, SessionEvent, Integer> sessions;

  public record ProbeIntake(
      @NotNull @Min(0) @Max(10) Integer painScore,
      @NotNull Onset onset,
      @NotNull ThoracicRange painRegion,
      @NotNull List<@NotNull Aggravator> aggravators,
      @Valid Work work) {}

  public record Work(@NotNull @Min(0) @Max(24) Integer deskHoursPerDay) {}

  public record LogSession(@NotNull @Min(0) @Max(10) Integer painAfter) {}

  @POST
  @Path("/intake")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response intake(@NotNull @Valid ProbeIntake intake) {
    return Response.status(201).entity(intake).build();
  }

  /** Any JSON document: what a free-form field would let a client nest. */
  @POST
  @Path("/documents")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response document(@NotNull JsonNode document) {
    return Response.status(201).entity(Map.of("fields", document.size())).build();
  }

  @POST
  @Path("/patients/{patientId}/sessions")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response log(@PathParam("patientId") @Pattern(regexp = PatientId.REGEX) String patientId,
      @HeaderParam("If-Match") String ifMatch, @NotNull @Valid LogSession body) {
    PatientId patient = PatientId.of(patientId);
    Caller caller = currentCaller.seeing(patient);
    var result = repository().handle(caller.tenant(), "progress-" + patientId, VersionTags.expected(ifMatch),
        new SessionLog.Log(UUID.nameUUIDFromBytes(patientId.getBytes()), patient, body.painAfter(),
            LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC)),
        trace.causation(caller));
    return Response.status(201).tag(VersionTags.of(result.version()))
        .entity(Map.of("version", result.version(), "eventId", result.appended().getFirst().metadata().eventId()))
        .build();
  }

  @GET
  @Path("/patients/{patientId}/sessions")
  public Map<String, Object> sessions(@PathParam("patientId") @Pattern(regexp = PatientId.REGEX) String patientId) {
    PatientId patient = PatientId.of(patientId);
    Caller caller = currentCaller.seeing(patient);
    var loaded = repository().load(caller.tenant(), "progress-" + patientId);
    if (!loaded.exists()) {
      throw new NotFoundException("no sessions for patient " + patientId);
    }
    return Map.of("sessions", loaded.state(), "version", loaded.head().version());
  }

  /** Reads a patient's sessions through a POST that changes nothing (as a replayed command answers). */
  @POST
  @Path("/patients/{patientId}/lookups")
  public Map<String, Object> lookup(@PathParam("patientId") @Pattern(regexp = PatientId.REGEX) String patientId) {
    return sessions(patientId);
  }

  /** Typed query parameters, as the clinic lists and histories take them. */
  @GET
  @Path("/pages")
  public Map<String, Object> pages(@QueryParam("page") @DefaultValue("0") @Min(0) @Max(Page.LAST_PAGE) int page,
      @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size, @QueryParam("since") Instant since,
      @QueryParam("plan") UUID plan) {
    return Map.of("offset", page * size, "since", String.valueOf(since), "plan", String.valueOf(plan));
  }

  @GET
  @Path("/boom")
  public String boom() {
    throw new IllegalStateException("secret internals: connection string mongodb://admin:hunter2@db");
  }

  /** A store that cannot be reached, through the real driver. */
  @GET
  @Path("/unreachable-store")
  public String unreachableStore() {
    var settings = MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:1"))
        .applyToClusterSettings(c -> c.serverSelectionTimeout(300, TimeUnit.MILLISECONDS))
        .build();
    try (var client = MongoClients.create(settings)) {
      return String.valueOf(client.getDatabase("x").getCollection("y").find(new Document()).first());
    }
  }

  private EventSourcedRepository<SessionLog.Log, SessionEvent, Integer> repository() {
    if (sessions == null) {
      sessions = new EventSourcedRepository<>(store, new SessionLog(), SessionEvent.class);
    }
    return sessions;
  }
}
