package care.thoracic.web.console;

import care.thoracic.web.backend.PlanApi;
import care.thoracic.web.pages.Roles;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * What a clinic-admin needs to govern a patient's data: who read or changed it (the access log, kept by
 * plan-service, which records this reading too) and everything the platform holds of the patient, as a
 * FHIR R4 Bundle to hand over.
 */
@Path("/console/patients/{patientId}")
@RolesAllowed(Roles.CLINIC_ADMIN)
public class PatientRecordResource {
  static final int PAGE_SIZE = 50;

  public record AccessRow(String at, String who, String roles, String service, String action, String resource,
      String outcome, int status, boolean viaTicket) {
    static AccessRow of(JsonNode entry) {
      List<String> roles = new ArrayList<>();
      entry.path("roles").forEach(role -> roles.add(role.asText()));
      return new AccessRow(entry.path("accessedAt").asText(), entry.path("subject").asText(), String.join(", ", roles),
          entry.path("service").asText(), entry.path("action").asText(), entry.path("resource").asText(),
          entry.path("outcome").asText(), entry.path("status").asInt(), entry.path("viaTicket").asBoolean());
    }
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance accessLog(String patientId, List<AccessRow> rows, ListsResource.Paging paging,
        String exportLink, String person);
  }

  @Inject @RestClient PlanApi plans;
  @Inject SecurityIdentity identity;

  @GET
  @Path("/access-log")
  @Produces(MediaType.TEXT_HTML)
  public TemplateInstance accessLog(@PathParam("patientId") String patientId, @QueryParam("page") String page) {
    int number = ListsResource.pageNumber(page);
    JsonNode answer = plans.accessLog(patientId, number, PAGE_SIZE);
    List<AccessRow> rows = new ArrayList<>();
    answer.path("items").forEach(entry -> rows.add(AccessRow.of(entry)));
    String link = UriBuilder.fromPath("/console/patients/{patientId}/access-log").build(patientId) + "?page=";
    return Templates.accessLog(patientId, rows, ListsResource.paging(link, number, PAGE_SIZE, answer),
        UriBuilder.fromPath("/console/patients/{patientId}/export").build(patientId).toString(),
        identity.getPrincipal().getName());
  }

  /**
   * The patient's FHIR Bundle, whole, as a file to keep; like every page of a patient's data, not
   * cached. A post with the page's CSRF token: plan-service records the export in the admin's name,
   * which another site's link must not be able to do.
   */
  @POST
  @Path("/export")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces("application/fhir+json")
  public Response export(@PathParam("patientId") String patientId) {
    String fileName = "patient-" + patientId.replaceAll("[^A-Za-z0-9_-]", "_") + ".fhir.json";
    return Response.ok(PatientExport.whole(plans, patientId))
        .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"").build();
  }
}
