package care.thoracic.progress.api;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Roles;
import care.thoracic.platform.http.Page;
import care.thoracic.platform.tenancy.Caller;
import care.thoracic.platform.tenancy.CurrentCaller;
import care.thoracic.platform.tenancy.PatientAccess;
import care.thoracic.progress.domain.ProgressReport;
import care.thoracic.progress.domain.ProgressRules;
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
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
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
  @Inject ProgressRules rules;
  @Inject Clock clock;

  /** A plan at risk, with why; the most urgent first. */
  public record AtRisk(String patientId, UUID planId, String status, List<String> reasons,
      int openFlags, boolean urgentFlag, ProgressReport.Percent adherence, Double meanPain7d, int baselinePain) {}

  @GET
  @Path("/patients-at-risk")
  @Operation(summary = "Patients whose running plan is at risk", description = "An open flag, adherence under 50% "
      + "(after the first week), or a 7-day mean pain at least 2 above baseline; computed for today in each patient's "
      + "zone. Plans with an urgent flag first, then by the number of reasons, then by the lowest adherence; paged.")
  public Page<AtRisk> patientsAtRisk(@QueryParam("page") @DefaultValue("0") @Min(0) @Max(Page.LAST_PAGE) int page,
      @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
    Caller caller = currentCaller.get();
    List<AtRisk> atRisk = new ArrayList<>();
    views.forEachRunning(caller.tenant(), plan -> {
      ProgressReport report = ProgressReport.of(plan.facts(), plan.phases(), plan.scores(), plan.flags(),
          plan.latestAssessment(), LocalDate.now(clock.withZone(plan.facts().timezone())), rules);
      if (!report.riskReasons().isEmpty()) {
        atRisk.add(new AtRisk(report.patientId(), report.planId(), report.status().name(), report.riskReasons(),
            report.openFlags().size(), report.openFlags().stream().anyMatch(f -> f.severity().equals("URGENT")),
            report.adherence(), report.meanPain7d(), report.baselinePain()));
      }
    });
    atRisk.sort(Comparator.comparing(AtRisk::urgentFlag).reversed()
        .thenComparing(Comparator.comparingInt((AtRisk a) -> a.reasons().size()).reversed())
        .thenComparingInt(a -> a.adherence() == null ? 100 : a.adherence().percent())
        .thenComparing(AtRisk::patientId));
    int from = Math.min(atRisk.size(), page * size);
    List<AtRisk> shown = atRisk.subList(from, Math.min(atRisk.size(), from + size));
    patientAccess.shown(caller, shown.stream().map(patient -> PatientId.of(patient.patientId())).toList());
    return new Page<>(shown, page, size, atRisk.size());
  }
}
