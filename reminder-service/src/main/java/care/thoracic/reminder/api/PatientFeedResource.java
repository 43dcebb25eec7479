package care.thoracic.reminder.api;

import care.thoracic.contracts.CareJson;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Roles;
import care.thoracic.platform.audit.AccessAudit;
import care.thoracic.platform.http.StreamPositions;
import care.thoracic.platform.problem.Problem;
import care.thoracic.platform.stream.LiveStreams;
import care.thoracic.platform.stream.StreamOpeners;
import care.thoracic.platform.stream.StreamTicketView;
import care.thoracic.platform.stream.StreamTickets;
import care.thoracic.platform.tenancy.Caller;
import care.thoracic.platform.tenancy.CurrentCaller;
import care.thoracic.platform.tenancy.PatientAccess;
import care.thoracic.reminder.domain.FeedEntry;
import care.thoracic.reminder.messaging.PatientFeedStreams;
import care.thoracic.reminder.store.PatientFeed;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
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
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The patient's feed: one numbered list of everything the app shows about the patient (plan
 * changes, reminders in the inbox, progress checks, flags in the patient's words), read as pages
 * after a number or followed live. The patient sees their own; their clinic's staff any patient's.
 */
@Path("/patients/{patientId}/feed")
@Tag(name = "feed")
@RolesAllowed({Roles.PATIENT, Roles.CLINICIAN, Roles.CLINIC_ADMIN})
public class PatientFeedResource {
  private static final Set<String> STREAM_ROLES = Set.of(Roles.PATIENT, Roles.CLINICIAN, Roles.CLINIC_ADMIN);
  private static final String AFTER_MEANING = "the sequence number of an entry you received (0 or more)";

  @Inject CurrentCaller currentCaller;
  @Inject PatientFeed feed;
  @Inject PatientFeedStreams streams;
  @Inject LiveStreams liveStreams;
  @Inject StreamOpeners streamOpeners;
  @Inject PatientAccess patientAccess;
  @Inject AccessAudit accessAudit;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "The patient's feed after a sequence number", description = "Entries numbered after "
      + "`after` (0: from the first), in order, at most `limit`. An app waking from the background sends the "
      + "number of the last entry it has and catches up in one request; `more` says whether to ask again from "
      + "the last entry received. Numbers are 1, 2, 3 ... per patient with no gap, so a missing number means "
      + "entries were missed.")
  @APIResponse(responseCode = "200", description = "The entries after `after`",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FeedPage.class)))
  @APIResponse(responseCode = "400", description = "`after` or `limit` is not a number the API accepts",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "404", description = "Another patient's feed (for a patient)",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public FeedPage page(@PathParam("patientId") @Pattern(regexp = PatientId.REGEX) String patientId,
      @Parameter(description = "The last sequence number the app has (0 for none)", example = "5")
      @QueryParam("after") String after,
      @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
    PatientId patient = PatientId.of(patientId);
    Caller caller = currentCaller.seeing(patient);
    long from = StreamPositions.after("after", after, AFTER_MEANING);
    List<FeedEntry> entries = feed.after(caller.tenant(), patient, from, limit);
    long head = feed.head(caller.tenant(), patient);
    long last = entries.isEmpty() ? from : entries.getLast().sequence();
    return new FeedPage(from, Math.max(head, last), last < head, entries.stream().map(FeedEntryView::of).toList());
  }

  @POST
  @Path("/tickets")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "A ticket to open the patient's feed stream without a token", description = "For a client "
      + "that cannot send an Authorization header with GET /patients/{patientId}/feed/stream, as a browser's or "
      + "WebView's EventSource cannot: the answer's `stream` is the path to open (add `&after=<last sequence you "
      + "had>` to resume). The ticket opens this patient's feed stream once, within care.http.stream-ticket-lifetime "
      + "(30 s unless configured, at most 60 s, never after the token expires), as the caller who asked, in their "
      + "clinic; the stream ends when their token expires. Ask for a new ticket for every (re)connection. Only a "
      + "hash of the ticket is stored.")
  @APIResponse(responseCode = "201", description = "The ticket; not to be cached",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StreamTicketView.class),
          examples = @ExampleObject(name = "ticket", value = "{\"ticket\": \"Xl3m0cVh2Jq8m4c5Z0kGx1m9Cw7bQy2tR6dV3sN8pLo\", "
              + "\"expiresAt\": \"2026-12-01T09:00:30Z\", \"stream\": \"/patients/patient-1/feed/stream?ticket="
              + "Xl3m0cVh2Jq8m4c5Z0kGx1m9Cw7bQy2tR6dV3sN8pLo\"}")))
  @APIResponse(responseCode = "404", description = "Another patient's feed (for a patient)",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public Response ticket(@PathParam("patientId") @Pattern(regexp = PatientId.REGEX) String patientId) {
    PatientId patient = PatientId.of(patientId);
    Caller caller = currentCaller.seeing(patient);
    StreamTickets.Issued issued = streamOpeners.ticketFor(caller, feedStream(patient));
    return Response.status(Response.Status.CREATED).header(HttpHeaders.CACHE_CONTROL, "no-store")
        .entity(StreamTicketView.of(issued, "/patients/" + patient.value() + "/feed/stream")).build();
  }

  @GET
  @Path("/stream")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @PermitAll // with a ticket there is no token: the roles are checked by StreamOpeners, as @RolesAllowed would
  @SecurityRequirement(name = "SecurityScheme", scopes = {Roles.PATIENT, Roles.CLINICIAN, Roles.CLINIC_ADMIN})
  @Blocking // it checks the caller before streaming; a Multi would otherwise run on the event loop
  @Operation(summary = "Follow the patient's feed live (server-sent events)", description = "Each entry as an "
      + "unnamed SSE event (EventSource's `onmessage`) whose id is its sequence number and whose data is the entry's "
      + "JSON. Resume with the `Last-Event-ID` header (a client that sets headers) or with `after` (an EventSource "
      + "opened with a new ticket: the one it reconnects with by itself is spent, so that reconnect is a 401): the stream goes on exactly after that number, with no gap and no "
      + "duplicate. A `heartbeat` event every 15 s keeps the connection open. The stream ends when the caller's "
      + "token would expire, with a last event named `reauthenticate`. At most 5 streams per caller at once (429 "
      + "for the next).\n\nOpen it with a bearer token, or, where no Authorization header can be sent (EventSource), "
      + "with a ticket from POST /patients/{patientId}/feed/tickets: `new EventSource(answer.stream + '&after=' + "
      + "last)`. A used, expired or foreign ticket is 401, without saying which.")
  @APIResponse(responseCode = "200", description = "The stream of the patient's feed",
      content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS))
  @APIResponse(responseCode = "400", description = "`Last-Event-ID` or `after` is not a sequence number",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "401", description = "No bearer token and no ticket, or a ticket that opens nothing",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "403", description = "The token's roles do not allow reading a feed",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "404", description = "Another patient's feed (for a patient)",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "429", description = "The caller already holds the most live streams allowed",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public Multi<OutboundSseEvent> stream(@PathParam("patientId") @Pattern(regexp = PatientId.REGEX) String patientId,
      @Parameter(description = "A ticket from POST /patients/{patientId}/feed/tickets, instead of a bearer token",
          example = "Xl3m0cVh2Jq8m4c5Z0kGx1m9Cw7bQy2tR6dV3sN8pLo") @QueryParam("ticket") String ticket,
      @HeaderParam("Last-Event-ID") String lastEventId,
      @Parameter(description = "Where to start when there is no Last-Event-ID (0: from the first entry)", example = "5")
      @QueryParam("after") String after, @Context Sse sse) {
    long from = lastEventId != null && !lastEventId.isBlank()
        ? StreamPositions.after("Last-Event-ID", lastEventId, AFTER_MEANING)
        : StreamPositions.after("after", after, AFTER_MEANING);
    PatientId patient = PatientId.of(patientId);
    StreamTickets.Redeemed opener = streamOpeners.open(ticket, feedStream(patient), STREAM_ROLES);
    Caller caller = opener.caller();
    if (!patientAccess.allows(caller, patient)) {
      throw new NotFoundException("no patient " + patient.value());
    }
    Multi<OutboundSseEvent> events = streams.follow(caller.tenant(), patient, from).map(item -> switch (item) {
      case PatientFeedStreams.EntryItem entry -> sse.newEventBuilder().id(Long.toString(entry.entry().sequence()))
          .mediaType(MediaType.APPLICATION_JSON_TYPE).data(json(FeedEntryView.of(entry.entry()))).build();
      case PatientFeedStreams.Heartbeat beat -> sse.newEventBuilder().name("heartbeat").data("{}").build();
    });
    return liveStreams.open(caller, opener.tokenExpiry(), events, sse.newEventBuilder().name("reauthenticate")
        .mediaType(MediaType.APPLICATION_JSON_TYPE).data("{\"reason\": \"the token expired\", \"resume\": "
            + "\"open the stream again (a new ticket, or a new token) after the last sequence number you had\"}")
        .build(), accessAudit.streamOpening());
  }

  private static String feedStream(PatientId patient) {
    return "feed:" + patient.value();
  }

  private static String json(FeedEntryView entry) {
    try {
      return CareJson.mapper().writeValueAsString(entry);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a feed entry is plain data", e);
    }
  }
}
