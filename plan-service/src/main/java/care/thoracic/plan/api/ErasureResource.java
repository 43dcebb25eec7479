package care.thoracic.plan.api;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Roles;
import care.thoracic.plan.store.Erasures;
import care.thoracic.platform.problem.Problem;
import care.thoracic.platform.tenancy.Caller;
import care.thoracic.platform.tenancy.CurrentCaller;
import care.thoracic.platform.trace.RequestTrace;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Erasing a patient at the clinic's request (clinic admins only): afterwards nothing of the patient
 * can be read anywhere on the platform, and every service answers 410 for them; what remains is the
 * record of the erasure and the access log.
 */
@Path("/patients/{patientId}/erasure")
@Tag(name = "erasure")
@RolesAllowed(Roles.CLINIC_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class ErasureResource {
  private static final String EXAMPLE = "{\"patientId\": \"pat-0001\", \"ground\": \"CONSENT_WITHDRAWN\", "
      + "\"erasedAt\": \"2026-12-01T09:15:30.456Z\", \"erasedBy\": \"admin-1\"}";

  @Inject CurrentCaller currentCaller;
  @Inject RequestTrace trace;
  @Inject Erasures erasures;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Erase the patient (crypto-shredding)", description = "Destroys the patient's data key, so "
      + "every copy of their events, in every service's store, on every topic and dead-letter topic, can never be "
      + "read again; then every service removes what it holds about them (within about a minute). The ground is a "
      + "code of GDPR Art. 17(1), not free text, so the record of the erasure holds no personal data. Cannot be "
      + "undone. Repeating it changes nothing and answers the first erasure.")
  @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
      schema = @Schema(implementation = ErasureRequest.class),
      examples = @ExampleObject(name = "consent withdrawn", value = "{\"ground\": \"CONSENT_WITHDRAWN\"}")))
  @APIResponse(responseCode = "200", description = "The patient is erased",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "erased",
          value = EXAMPLE)))
  @APIResponse(responseCode = "400", description = "No ground, or not one of the codes",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public ErasureView erase(@PathParam("patientId") @Pattern(regexp = PatientId.REGEX) String patientId,
      @NotNull @Valid ErasureRequest request) {
    PatientId patient = PatientId.of(patientId);
    Caller caller = currentCaller.seeingEvenIfErased(patient);
    return ErasureView.of(erasures.erase(caller.tenant(), patient, request.ground(), trace.causation(caller)));
  }

  @GET
  @Operation(summary = "The record of the patient's erasure", description = "Whom, on what ground, when and by "
      + "whom; 404 if the patient was not erased.")
  @APIResponse(responseCode = "200", description = "The patient was erased",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "erased",
          value = EXAMPLE)))
  @APIResponse(responseCode = "404", description = "The patient was not erased",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public ErasureView erasure(@PathParam("patientId") @Pattern(regexp = PatientId.REGEX) String patientId) {
    PatientId patient = PatientId.of(patientId);
    Caller caller = currentCaller.seeingEvenIfErased(patient);
    return erasures.recorded(caller.tenant(), patient).map(ErasureView::of)
        .orElseThrow(() -> new NotFoundException("patient " + patient.value() + " was not erased"));
  }
}
