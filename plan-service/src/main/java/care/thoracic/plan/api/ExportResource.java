package care.thoracic.plan.api;

import ca.uhn.fhir.context.FhirContext;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientErasedException;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Roles;
import care.thoracic.contracts.events.PlanEvent;
import care.thoracic.eventsourcing.store.EventSourcedRepository;
import care.thoracic.plan.config.ExportConfig;
import care.thoracic.plan.domain.CarePlan;
import care.thoracic.plan.domain.Protocols;
import care.thoracic.plan.store.Erasures;
import care.thoracic.plan.store.PatientRecords;
import care.thoracic.plan.store.PlanSummaries;
import care.thoracic.plan.store.RedFlagInbox;
import care.thoracic.platform.problem.InvalidInputException;
import care.thoracic.platform.problem.Problem;
import care.thoracic.platform.tenancy.Caller;
import care.thoracic.platform.tenancy.CurrentCaller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hl7.fhir.r4.model.Bundle;

/**
 * A patient's data handed to them (GDPR Art. 15 and 20): everything the platform holds about them as
 * one FHIR R4 Bundle. The patient for themselves, a clinic admin for any patient of the clinic.
 */
@Path("/patients/{patientId}/export")
@Tag(name = "export")
@RolesAllowed({Roles.PATIENT, Roles.CLINIC_ADMIN})
public class ExportResource {
  private static final String EXAMPLE = "{\"resourceType\": \"Bundle\", \"identifier\": {\"system\": "
      + "\"https://care.thoracic/fhir/export\", \"value\": \"5b0c2f7e-1d3a-4c9e-8f20-6a7b9c1d2e3f\"}, \"type\": "
      + "\"collection\", \"timestamp\": \"2026-12-01T09:15:30.456+00:00\", \"entry\": [{\"fullUrl\": "
      + "\"https://care.thoracic/fhir/Patient/pat-0001\", \"resource\": {\"resourceType\": \"Patient\", \"id\": "
      + "\"pat-0001\", \"active\": true}}, {\"fullUrl\": \"https://care.thoracic/fhir/QuestionnaireResponse/"
      + "0f6c3a52-9d1e-4b7a-8c2f-3e4d5a6b7c8d\", \"resource\": {\"resourceType\": \"QuestionnaireResponse\", "
      + "\"questionnaire\": \"https://care.thoracic/fhir/Questionnaire/thoracic-intake|2\", \"status\": "
      + "\"completed\"}}, {\"fullUrl\": \"https://care.thoracic/fhir/CarePlan/3f0e8b52-5d0c-4b8e-9a57-2a1c9c4b7d10\", "
      + "\"resource\": {\"resourceType\": \"CarePlan\", \"meta\": {\"versionId\": \"1\"}, \"status\": \"active\"}}]}";

  @Inject CurrentCaller currentCaller;
  @Inject PlanSummaries summaries;
  @Inject PatientRecords records;
  @Inject EventSourcedRepository<CarePlan.Command, PlanEvent, CarePlan.State> carePlans;
  @Inject CarePlan carePlan;
  @Inject Protocols protocols;
  @Inject FhirContext fhir;
  @Inject Clock clock;
  @Inject RedFlagInbox inbox;
  @Inject Erasures erasures;
  @Inject ExportConfig exportConfig;

  @GET
  @Produces(PlanResource.FHIR_JSON)
  @Operation(summary = "Everything about the patient, as one FHIR R4 Bundle", description = "A collection Bundle: "
      + "the Patient; the intake Questionnaire, each intake as a QuestionnaireResponse to it and its triage as a "
      + "ClinicalImpression; every version of every plan as a CarePlan (meta.versionId is the plan's event number, "
      + "meta.lastUpdated when it happened); each logged session's pain before and after as Observations (LOINC "
      + "72514-3, with the exercises, symptoms and note logged), and each progress assessment's 7-day mean pain; "
      + "red flags as Flags (inactive once resolved); every reminder sent, or not delivered, as a Communication. "
      + "Not in it: the reminder preferences and push subscriptions (GET them from reminder-service), the access "
      + "log (GET /patients/{patientId}/access-log). An event that no longer reads is left out and named in an "
      + "OperationOutcome. What other services "
      + "recorded reaches the export within moments (it travels on their topics). The patient for themselves, a "
      + "clinic admin for any patient of the clinic; clinicians read the record through the care endpoints. "
      + "410 once the patient is erased. In pages of up to 1,000 entries (plan.export.page-size), each opening "
      + "with the Patient: follow the Link header's rel=\"next\" until there is none (first, prev and last "
      + "too). The pages are of one export: the first fixes asOf (the Bundle's timestamp and identifier), the "
      + "links carry it, and what was recorded after it stays out of every page, so pages neither skip nor "
      + "repeat entries when the patient logs a session meanwhile. An event that happened before asOf on another "
      + "service but reached this one after the first page (it takes moments) can still appear on later pages; "
      + "an export without asOf has it.")
  @APIResponse(responseCode = "200", description = "The Bundle, as a file to keep (not cached)",
      content = @Content(mediaType = PlanResource.FHIR_JSON, examples = @ExampleObject(name = "export",
          value = EXAMPLE)))
  @APIResponse(responseCode = "403", description = "A clinician or an operator: the export is the patient's, or "
      + "their clinic admin's", content = @Content(mediaType = Problem.MEDIA_TYPE,
          schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "404", description = "Nothing is held about this patient, they are another patient, "
      + "or there is no such page",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "410", description = "The patient was erased",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public Response export(@PathParam("patientId") @Pattern(regexp = PatientId.REGEX) String patientId,
      @QueryParam("page") @DefaultValue("1") @Min(1) @Max(1_000_000)
      @Parameter(description = "Which page, from 1: each Bundle links to the next") int page,
      @QueryParam("asOf") @Parameter(description = "The export as it stood at this instant (RFC 3339, not in the "
          + "future); the first page fixes it and its links carry it. Default: now",
          example = "2026-12-01T09:15:30.456Z") Instant asOfAsked,
      @Context UriInfo uri) {
    Instant now = clock.instant();
    if (asOfAsked != null && asOfAsked.isAfter(now)) {
      throw new InvalidInputException("asOf", "must not be in the future");
    }
    Instant asOf = asOfAsked != null ? asOfAsked : now.truncatedTo(ChronoUnit.MILLIS);
    PatientId patient = PatientId.of(patientId);
    Caller caller = currentCaller.seeing(patient);
    if (!caller.mayGovern(patient)) {
      throw new NotFoundException("no patient " + patient.value());
    }
    requireNotErased(caller, patient);
    Date asOfDate = Date.from(asOf);
    List<FhirExport.PlanVersion> versions = new ArrayList<>();
    for (UUID planId : summaries.plansOf(caller.tenant(), patient).reversed()) {
      versionsOf(caller, planId).stream().filter(version -> !version.at().after(asOfDate)).forEach(versions::add);
    }
    PatientRecords.Record all = records.of(caller.tenant(), patient);
    PatientRecords.Record recorded = new PatientRecords.Record(all.events().stream()
        .filter(event -> !event.occurredAt().isAfter(asOf)).toList(), all.unreadable());
    if (versions.isEmpty() && recorded.events().isEmpty() && recorded.unreadable() == 0) {
      throw new NotFoundException("nothing is held about patient " + patient.value()
          + (asOfAsked == null ? "" : " as of " + asOf));
    }
    Map<UUID, Date> resolvedByThen = new HashMap<>(inbox.resolvedOf(caller.tenant(), patient));
    resolvedByThen.values().removeIf(resolvedAt -> resolvedAt == null || resolvedAt.after(asOfDate));
    Bundle whole = FhirExport.of(caller.tenant(), patient, versions, recorded, resolvedByThen, asOfDate);
    String url = uri.getAbsolutePath() + "?asOf=" + asOf + "&page=";
    FhirExport.Page handed = FhirExport.page(whole, page, exportConfig.pageSize(), n -> url + n);
    String json = fhir.newJsonParser().encodeResourceToString(handed.bundle());
    requireNotErased(caller, patient); // erased while the Bundle was made: it is not handed out
    Response.ResponseBuilder answer = Response.ok(json, PlanResource.FHIR_JSON)
        .link(url + 1, "first").link(url + handed.pages(), "last");
    if (page > 1) {
      answer.link(url + (page - 1), "prev");
    }
    if (page < handed.pages()) {
      answer.link(url + (page + 1), "next");
    }
    return answer.header(HttpHeaders.CACHE_CONTROL, "no-store")
        .header("Content-Disposition", "attachment; filename=\"" + patient.value()
            + (page == 1 ? "" : "-page-" + page) + ".fhir.json\"").build();
  }

  /**
   * The erasure itself, read from the store: an instance may hold the patient's key in memory for a
   * while after an erasure elsewhere, and the export hands out everything at once.
   */
  private void requireNotErased(Caller caller, PatientId patient) {
    if (erasures.recorded(caller.tenant(), patient).isPresent()) {
      throw new PatientErasedException(caller.tenant(), patient);
    }
  }

  /** The plan after each of its events, oldest first, each as the plan read on the day it happened. */
  private List<FhirExport.PlanVersion> versionsOf(Caller caller, UUID planId) {
    List<FhirExport.PlanVersion> versions = new ArrayList<>();
    CarePlan.State state = carePlan.initialState();
    for (EventEnvelope<PlanEvent> event : carePlans.load(caller.tenant(), CarePlan.streamId(planId)).events()) {
      state = carePlan.evolve(state, event.event());
      if (state instanceof CarePlan.NoPlan) {
        continue; // not a plan yet: nothing to show
      }
      long version = event.metadata().streamVersion();
      PlanView plan = PlanView.of(state, version);
      LocalDate day = LocalDate.ofInstant(event.metadata().occurredAt(), plan.timezone());
      versions.add(new FhirExport.PlanVersion(FhirCarePlans.of(state, protocols.version(plan.protocolVersion()), day),
          version, Date.from(event.metadata().occurredAt())));
    }
    return versions;
  }
}
