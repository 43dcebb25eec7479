package care.thoracic.plan.api;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Roles;
import care.thoracic.plan.store.PlanSummaries;
import care.thoracic.plan.store.RedFlagInbox;
import care.thoracic.platform.http.Page;
import care.thoracic.platform.tenancy.Caller;
import care.thoracic.platform.tenancy.CurrentCaller;
import care.thoracic.platform.tenancy.PatientAccess;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The clinic's lists for its clinicians: plans by status, and the red-flag inbox. Only the caller's clinic. */
@Path("/clinic")
@Tag(name = "clinic")
@RolesAllowed({Roles.CLINICIAN, Roles.CLINIC_ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class ClinicListsResource {
  @Inject CurrentCaller currentCaller;
  @Inject PlanSummaries summaries;
  @Inject RedFlagInbox inbox;
  @Inject PatientAccess patientAccess;

  @GET
  @Path("/plans")
  @Operation(summary = "The clinic's plans, most recently changed first", description = "Filter by status; paged. "
      + "The total is counted up to 1,000: beyond, it says 1,000 with totalAtLeast.")
  public Page<PlanSummaries.Listed> plans(@QueryParam("status") PlanSummaries.Status status,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(Page.LAST_PAGE) int page,
      @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
    Caller caller = currentCaller.get();
    List<PlanSummaries.Listed> plans = summaries.list(caller.tenant(), status, page, size);
    patientAccess.shown(caller, plans.stream().map(plan -> PatientId.of(plan.patientId())).toList());
    return Page.countedToLimit(plans, page, size, summaries.count(caller.tenant(), status, Page.COUNT_LIMIT + 1));
  }

  @GET
  @Path("/red-flags")
  @Operation(summary = "The clinic's red flags, newest first", description = "OPEN until a clinician resumes the "
      + "plan the flag suspended; filter by status; paged. The total is counted up to 1,000: beyond, it says "
      + "1,000 with totalAtLeast.")
  public Page<RedFlagInbox.Flag> redFlags(@QueryParam("status") RedFlagInbox.Status status,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(Page.LAST_PAGE) int page,
      @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
    Caller caller = currentCaller.get();
    List<RedFlagInbox.Flag> flags = inbox.list(caller.tenant(), status, page, size);
    patientAccess.shown(caller, flags.stream().map(flag -> PatientId.of(flag.patientId())).toList());
    return Page.countedToLimit(flags, page, size, inbox.count(caller.tenant(), status, Page.COUNT_LIMIT + 1));
  }
}
