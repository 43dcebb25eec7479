package care.thoracic.web.app;

import care.thoracic.web.backend.PlanApi;
import care.thoracic.web.backend.ServiceProblem;
import care.thoracic.web.pages.Roles;
import care.thoracic.web.pages.TodayActivity;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** The patient's own pages: their plan for today. */
@Path("/app")
@RolesAllowed(Roles.PATIENT)
@Produces(MediaType.TEXT_HTML)
public class PatientAppResource {
  @CheckedTemplate
  static class Templates {
    static native TemplateInstance today(String person, String status, String phase,
        List<TodayActivity> activities, List<TodayActivity.Education> education);
  }

  @Inject
  @RestClient
  PlanApi plans;

  @Inject
  SecurityIdentity identity;

  @GET
  public TemplateInstance today() {
    String patientId = identity.getPrincipal().getName();
    JsonNode plan;
    try {
      plan = plans.patientPlan(patientId);
    } catch (RuntimeException failure) {
      if (ServiceProblem.of(failure).notFound()) {
        return Templates.today(patientId, null, null, List.of(), List.of());
      }
      throw failure;
    }
    String status = plan.path("status").asText();
    JsonNode today = status.equals("ACTIVE")
        ? plans.today(java.util.UUID.fromString(plan.path("planId").asText())) : null;
    return Templates.today(patientId, status, plan.path("phase").asText(),
        today == null ? List.of() : TodayActivity.of(today),
        today == null ? List.of() : TodayActivity.Education.of(today));
  }
}
