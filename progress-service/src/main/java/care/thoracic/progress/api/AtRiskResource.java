package care.thoracic.progress.api;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Roles;
import care.thoracic.platform.http.Page;
import care.thoracic.platform.tenancy.Caller;
import care.thoracic.platform.tenancy.CurrentCaller;
import care.thoracic.platform.tenancy.PatientAccess;
import care.thoracic.progress.domain.ProgressReport;
import care.thoracic.progress.store.ProgressViews;
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
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** For the clinic's clinicians: which running plans need attention today. Only the caller's clinic. */
@Path("/clinic")
@Tag(name = "clinic")
@RolesAllowed({Roles.CLINICIAN, Roles.CLINIC_ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class AtRiskResource {
  @Inject CurrentCaller currentCaller;
  @Inject PatientAccess patientAccess;
  @Inject ProgressViews views;

  /** A plan at risk, with why, on its patient's day {@code asOf}; the most urgent first. */
  public record AtRisk(String patientId, UUID planId, String status, List<String> reasons,
      int openFlags, boolean urgentFlag, ProgressReport.Percent adherence, Double meanPain7d, int baselinePain,
      LocalDate asOf) {}

  @GET
  @Path("/patients-at-risk")
  @Operation(summary = "Patients whose running plan is at risk", description = "An open flag, adherence under 50% "
      + "(after the first week), or a 7-day mean pain at least 2 above baseline; on each patient's day (asOf), "
      + "computed again after each session, flag or resume and when the patient's day begins. Plans with an urgent "
      + "flag first, then by the number of reasons, then by the lowest adherence; paged. The total is counted up to "
      + "1,000: beyond, it says 1,000 with totalAtLeast.")
  public Page<AtRisk> patientsAtRisk(@QueryParam("page") @DefaultValue("0") @Min(0) @Max(Page.LAST_PAGE) int page,
      @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
    Caller caller = currentCaller.get();
    List<AtRisk> shown = views.atRisk(caller.tenant(), page * size, size).stream()
        .map(entry -> new AtRisk(entry.patientId().value(), entry.planId(), entry.status().name(),
            entry.risk().reasons(), entry.risk().openFlags(), entry.risk().urgentFlag(), entry.risk().adherence(),
            entry.risk().meanPain7d(), entry.risk().baselinePain(), entry.asOf()))
        .toList();
    patientAccess.shown(caller, shown.stream().map(patient -> PatientId.of(patient.patientId())).toList());
    return Page.countedToLimit(shown, page, size, views.atRiskCount(caller.tenant(), Page.COUNT_LIMIT + 1));
  }
}
