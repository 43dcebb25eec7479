package care.thoracic.plan.api;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Roles;
import care.thoracic.contracts.clinical.WorkItemKind;
import care.thoracic.contracts.events.WorkItemEvent;
import care.thoracic.eventsourcing.decider.CommandRejectedException;
import care.thoracic.eventsourcing.projection.Projector;
import care.thoracic.eventsourcing.store.EventSourcedRepository;
import care.thoracic.plan.domain.WorkItem;
import care.thoracic.plan.domain.WorkQueueDeadlines;
import care.thoracic.plan.store.ClinicSettings;
import care.thoracic.plan.store.WorkQueue;
import care.thoracic.platform.http.Page;
import care.thoracic.platform.problem.FieldError;
import care.thoracic.platform.problem.InvalidInputException;
import care.thoracic.platform.problem.Problem;
import care.thoracic.platform.tenancy.Caller;
import care.thoracic.platform.tenancy.CurrentCaller;
import care.thoracic.platform.tenancy.PatientAccess;
import care.thoracic.platform.trace.RequestTrace;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * The clinic's work queue (CLINICAL §8): everything waiting for a clinician in one ordered list,
 * acknowledged by name, and the clinic's deadlines for it. Only the caller's clinic.
 */
@Path("/clinic")
@Tag(name = "work queue")
@RolesAllowed({Roles.CLINICIAN, Roles.CLINIC_ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class WorkQueueResource {
  private static final Logger LOG = Logger.getLogger(WorkQueueResource.class);
  @Inject CurrentCaller currentCaller;
  @Inject WorkQueue queue;
  @Inject ClinicSettings settings;
  @Inject EventSourcedRepository<WorkItem.Command, WorkItemEvent, WorkItem.State> workItems;
  @Inject Projector projector;
  @Inject RequestTrace trace;
  @Inject Clock clock;
  @Inject PatientAccess patientAccess;

  @GET
  @Path("/work-queue")
  @Operation(summary = "What waits for a clinician, most urgent first",
      description = "Open red flags, plans awaiting approval, review requests (a second hold in a row) and "
          + "re-triaged patients. Unacknowledged items first; then urgent flags, high ones, the rest; then the "
          + "earliest deadline. An item stays until what it is about is settled (a resume, an approval, a "
          + "decision); acknowledging only records who took it. Filter by kind and acknowledgement; paged. The "
          + "total is counted up to 1,000: beyond, it says 1,000 with totalAtLeast.")
  public Page<WorkQueueItem> workQueue(@QueryParam("kind") WorkItemKind kind,
      @QueryParam("acknowledged") Boolean acknowledged,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(Page.LAST_PAGE) int page,
      @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
    Caller caller = currentCaller.get();
    WorkQueueDeadlines deadlines = settings.workQueue(caller.tenant()).deadlines();
    Instant now = clock.instant();
    queue.placeNew(caller.tenant(), deadlines);
    List<WorkQueueItem> shown = queue.page(caller.tenant(), kind, acknowledged, page * size, size).stream()
        .map(item -> WorkQueueItem.of(item, deadlines, now)).toList();
    patientAccess.shown(caller, shown.stream().map(item -> PatientId.of(item.patientId())).toList());
    return Page.countedToLimit(shown, page, size,
        queue.count(caller.tenant(), kind, acknowledged, Page.COUNT_LIMIT + 1));
  }

  @GET
  @Path("/work-queue/{itemId}")
  @Operation(summary = "One work item, open or closed")
  public WorkQueueItem item(@PathParam("itemId") UUID itemId) {
    Caller caller = currentCaller.get();
    return WorkQueueItem.of(stored(caller, itemId), settings.workQueue(caller.tenant()).deadlines(), clock.instant());
  }

  @POST
  @Path("/work-queue/{itemId}/acknowledgement")
  @Operation(summary = "Acknowledge a work item: I have it",
      description = "Records who acknowledged it and when, and stops its escalation; it does not resume, approve "
          + "or decide anything. Acknowledging again changes nothing and answers the first acknowledgement.")
  @APIResponse(responseCode = "200", description = "Acknowledged (now or before)",
      content = @Content(schema = @Schema(implementation = WorkQueueItem.class)))
  @APIResponse(responseCode = "409", description = "The item is closed: nothing waits any more",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public WorkQueueItem acknowledge(@PathParam("itemId") UUID itemId) {
    Caller caller = currentCaller.get();
    WorkQueue.StoredItem item = stored(caller, itemId);
    if (item.status() == WorkQueue.Status.CLOSED && !item.acknowledged()) {
      throw new CommandRejectedException("the work item is closed (" + item.closedBecause() + "): nothing waits");
    }
    var result = workItems.handle(caller.tenant(), WorkItem.streamId(itemId), OptionalLong.empty(),
        new WorkItem.Acknowledge(item.subject(), caller.subject()), trace.causation(caller));
    result.appended().forEach(projector::project); // the answer shows it; the event back from Kafka changes nothing
    return item(itemId);
  }

  @GET
  @Path("/settings/work-queue")
  @Operation(summary = "The clinic's work-queue deadlines")
  public WorkQueueSettingsView workQueueSettings() {
    return view(settings.workQueue(currentCaller.get().tenant()));
  }

  @PUT
  @Path("/settings/work-queue")
  @RolesAllowed(Roles.CLINIC_ADMIN)
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Set the clinic's work-queue deadlines (clinic admins)",
      description = "ISO-8601 durations per kind, each from PT1M to P30D, and why. Replaces what the clinic set "
          + "before; a kind left out follows the platform's default. Open items take the new deadlines at once. "
          + "Recorded as an event (care.clinic.work-queue-deadlines-set.v1) with who set them and why.")
  @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
      schema = @Schema(implementation = WorkQueueSettingsRequest.class),
      examples = @ExampleObject(name = "faster urgent flags", value = "{\"deadlines\": {\"URGENT_RED_FLAG\": "
          + "\"PT10M\", \"HIGH_RED_FLAG\": \"PT12H\"}, \"reason\": \"Two clinicians on call from December.\"}")))
  public WorkQueueSettingsView setWorkQueueSettings(@NotNull @Valid WorkQueueSettingsRequest request) {
    Caller caller = currentCaller.get();
    Map<WorkItemKind, Duration> deadlines = new EnumMap<>(WorkItemKind.class);
    List<FieldError> errors = new ArrayList<>();
    request.deadlines().forEach((kind, text) -> {
      Duration period = duration(text);
      if (period == null || outOfRange(period)) {
        errors.add(new FieldError("deadlines." + kind, "must be an ISO-8601 duration between PT1M (a minute) and "
            + "P30D (30 days), such as PT15M"));
      } else {
        deadlines.put(kind, period);
      }
    });
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
    ClinicSettings.WorkQueueSettings set = settings.setWorkQueue(caller.tenant(), deadlines, request.reason().strip(),
        trace.causation(caller));
    try { // the queue's order follows at once
      queue.placeUnder(caller.tenant(), set.deadlines());
    } catch (RuntimeException e) { // the setting stands; the placing job puts the order right
      LOG.warnf(e, "the work queue of %s was not placed under its new deadlines in the request", caller.tenant());
    }
    return view(set);
  }

  private static Duration duration(String text) {
    if (text == null || text.length() > 32) {
      return null;
    }
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private WorkQueue.StoredItem stored(Caller caller, UUID itemId) {
    return queue.item(caller.tenant(), itemId).filter(item -> patientAccess.allows(caller, PatientId.of(item.patientId())))
        .orElseThrow(() -> new NotFoundException("no work item " + itemId + " in this clinic"));
  }

  private WorkQueueSettingsView view(ClinicSettings.WorkQueueSettings current) {
    return new WorkQueueSettingsView(WorkQueueSettingsView.iso(current.deadlines().periods()),
        current.setByClinic().keySet(), WorkQueueSettingsView.iso(settings.defaults().periods()), current.updatedBy(),
        current.updatedAt(), current.reason());
  }

  private static boolean outOfRange(Duration period) {
    return period.compareTo(WorkQueueDeadlines.SHORTEST) < 0 || period.compareTo(WorkQueueDeadlines.LONGEST) > 0;
  }
}
