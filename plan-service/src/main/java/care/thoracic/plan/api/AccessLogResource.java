package care.thoracic.plan.api;

import ca.uhn.fhir.context.FhirContext;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Roles;
import care.thoracic.plan.store.AccessLog;
import care.thoracic.platform.http.Page;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Date;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Who saw a patient's record: the patient for themselves, a clinic admin for any patient of the
 * clinic; nobody else (clinicians included: reading who looked is governance, not care).
 */
@Path("/patients/{patientId}/access-log")
@Tag(name = "access-log")
@RolesAllowed({Roles.PATIENT, Roles.CLINIC_ADMIN})
public class AccessLogResource {
  /** What a patient reading their own log sees in place of another patient who tried to open it. */
  static final String ANOTHER_PATIENT = "another-patient";
  private static final String EXAMPLE = "{\"items\": [{\"accessId\": \"3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b08\", "
      + "\"patientId\": \"pat-0001\", \"accessedAt\": \"2026-12-01T09:15:30.456Z\", \"subject\": \"dr-ada\", "
      + "\"roles\": [\"clinician\"], \"service\": \"plan-service\", \"action\": \"READ\", "
      + "\"resource\": \"GET /plans/{planId}/history\", \"outcome\": \"SUCCESS\", \"status\": 200, "
      + "\"correlationId\": \"req-7f3c9a2e\", \"viaTicket\": false}], \"page\": 0, \"size\": 20, \"total\": 1}";

  @Inject CurrentCaller currentCaller;
  @Inject AccessLog accessLog;
  @Inject FhirContext fhir;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Who read or changed the patient's data, newest first", description = "Every access any "
      + "service answered: who (subject and roles), what (the endpoint as its path template, and the action), when, "
      + "how it ended (refused and denied attempts included) and the request's correlation id. Accesses appear "
      + "within moments (they travel on care.audit.v1). A patient sees their own log, where another patient who "
      + "tried to open it is shown as `another-patient`; a clinic admin sees any patient's of the clinic. Reading the "
      + "log is itself an access, and is logged.")
  @APIResponse(responseCode = "200", description = "One page of the log",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "log", value = EXAMPLE)))
  @APIResponse(responseCode = "404", description = "Another patient's log (for a patient)",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public Page<AccessLog.Entry> log(@PathParam("patientId") @Pattern(regexp = PatientId.REGEX) String patientId,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(Page.LAST_PAGE) int page,
      @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
    PatientId patient = PatientId.of(patientId);
    // who saw the record outlives an erasure (accountability); the log holds ids and paths, no health data
    Caller caller = currentCaller.seeingEvenIfErased(patient);
    // a clinician who is also someone's patient sees their own log, and nobody else's
    if (!caller.mayGovern(patient)) {
      throw new NotFoundException("no patient " + patient.value());
    }
    List<AccessLog.Entry> entries = accessLog.of(caller.tenant(), patient, page, size).stream()
        .map(entry -> shownTo(caller, entry)).toList();
    return new Page<>(entries, page, size, accessLog.count(caller.tenant(), patient));
  }

  @GET
  @Path("/audit-events")
  @Produces(PlanResource.FHIR_JSON)
  @Operation(summary = "The access log as FHIR R4 AuditEvents", description = "A searchset Bundle of AuditEvent "
      + "resources shaped after IHE Basic Audit Log Patterns (type rest, subtype the RESTful interaction, the patient "
      + "as entity, the user and the service as agents), newest first, paged like the log.")
  @APIResponse(responseCode = "200", description = "A Bundle of AuditEvents",
      content = @Content(mediaType = PlanResource.FHIR_JSON))
  @APIResponse(responseCode = "404", description = "Another patient's log (for a patient)",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public Response auditEvents(@PathParam("patientId") @Pattern(regexp = PatientId.REGEX) String patientId,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(Page.LAST_PAGE) int page,
      @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
    Page<AccessLog.Entry> log = log(patientId, page, size);
    String json = fhir.newJsonParser().encodeResourceToString(FhirAuditEvents.bundle(log.items(), log.total(),
        currentCaller.get().tenant(), new Date()));
    return Response.ok(json, PlanResource.FHIR_JSON).build();
  }

  private static AccessLog.Entry shownTo(Caller reader, AccessLog.Entry entry) {
    boolean someoneElsesAttempt = entry.roles().contains(Roles.PATIENT) && !entry.subject().equals(entry.patientId());
    return reader.isClinicAdmin() || !someoneElsesAttempt ? entry : entry.withSubject(ANOTHER_PATIENT);
  }
}
