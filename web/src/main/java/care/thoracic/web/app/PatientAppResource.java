package care.thoracic.web.app;

import care.thoracic.web.backend.PlanApi;
import care.thoracic.web.backend.ProgressApi;
import care.thoracic.web.backend.ReminderApi;
import care.thoracic.web.backend.ServiceProblem;
import care.thoracic.web.backend.TriageApi;
import care.thoracic.web.pages.ProgressFigures;
import care.thoracic.web.pages.Roles;
import care.thoracic.web.pages.TodayActivity;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** The patient's own pages: the intake, today's plan, logging a session, the progress. */
@Path("/app")
@RolesAllowed(Roles.PATIENT)
@Produces(MediaType.TEXT_HTML)
public class PatientAppResource {
  private static final ObjectMapper JSON = new ObjectMapper();

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance today(String person, PatientPlan plan, SessionForm session, List<PatientNews.Entry> news,
        long feedHead);

    static native TemplateInstance intake(String person, IntakeForm form);

    static native TemplateInstance triaged(String person, String disposition, List<String> reasons);

    /** The session form alone, fresh after a session was logged, for htmx to put in place of the old one. */
    static native TemplateInstance sessionForm(PatientPlan plan, SessionForm session);
  }

  /** A zone for a browser that does not tell its own (the form asks the browser first). */
  @ConfigProperty(name = "care.web.default-timezone", defaultValue = "Europe/Berlin")
  String defaultZone;

  @Inject
  @RestClient
  PlanApi plans;

  @Inject
  @RestClient
  ReminderApi reminders;

  @Inject
  @RestClient
  TriageApi triage;

  @Inject
  @RestClient
  ProgressApi progress;

  @Inject
  SecurityIdentity identity;

  @GET
  public TemplateInstance today() {
    PatientPlan plan = currentPlan().orElse(null);
    return today(plan, plan == null ? null : SessionForm.blank(plan.date()));
  }

  @GET
  @Path("/intake")
  public TemplateInstance intakeForm() {
    return Templates.intake(patientId(), IntakeForm.blank(defaultZone));
  }

  /**
   * The intake to triage-service with the key the form was rendered with: submitting it again, after
   * a dropped connection, is answered with the first triage. What the service refuses comes back to
   * the form, each problem beside its field.
   */
  @POST
  @Path("/intake")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response intake(MultivaluedMap<String, String> fields) {
    IntakeForm form = new IntakeForm(fields, List.of());
    String key = form.value("idempotencyKey");
    if (!key.matches("[0-9a-fA-F-]{36}")) {
      key = UUID.randomUUID().toString();
    }
    JsonNode answer;
    try {
      answer = triage.triage(key, form.toIntake(patientId()));
    } catch (RuntimeException failure) {
      ServiceProblem problem = ServiceProblem.of(failure);
      if (problem.status() == 400 || problem.status() == 422) {
        List<ServiceProblem.FieldProblem> problems = problem.errors().isEmpty()
            ? List.of(new ServiceProblem.FieldProblem("form", problem.detail())) : problem.errors();
        return Response.status(400).type(MediaType.TEXT_HTML_TYPE)
            .entity(Templates.intake(patientId(), form.withProblems(problems))).build();
      }
      throw failure;
    }
    List<String> reasons = JSON.convertValue(answer.path("reasons"), JSON.getTypeFactory()
        .constructCollectionType(List.class, String.class));
    return Response.ok(Templates.triaged(patientId(), answer.path("disposition").asText(), reasons)).build();
  }

  /**
   * A session of today's activities. Its id was chosen when the form was rendered, so the same form
   * sent again (the connection dropped, the patient pressed again) is the same session, once.
   */
  @POST
  @Path("/sessions")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response logSession(MultivaluedMap<String, String> fields, @HeaderParam("HX-Request") String htmx) {
    PatientPlan plan = currentPlan().filter(PatientPlan::active).orElse(null);
    if (plan == null) {
      return Response.seeOther(URI.create("/app")).build();
    }
    SessionForm form = new SessionForm(fields, null, false);
    Optional<String> invalid = Optional.empty();
    try {
      progress.logSession(UUID.fromString(plan.planId()), form.toSession(plan.today()));
    } catch (RuntimeException failure) {
      ServiceProblem problem = ServiceProblem.of(failure);
      if (problem.status() != 400 && problem.status() != 409 && problem.status() != 422) {
        throw failure;
      }
      invalid = Optional.of(problem.errors().isEmpty() ? problem.detail()
          : SessionForm.inWords(problem.errors().getFirst()));
    }
    if (invalid.isPresent()) {
      SessionForm refused = form.withProblem(invalid.get());
      // 422, not 400: the page swaps in what it refused, beside the fields (a 400 is the CSRF check's, empty)
      return Response.status(422).type(MediaType.TEXT_HTML_TYPE).entity(htmx != null
          ? Templates.sessionForm(plan, refused) : today(plan, refused)).build();
    }
    if (htmx == null) {
      return Response.seeOther(URI.create("/app#progress")).build();
    }
    return Response.ok(Templates.sessionForm(plan, SessionForm.logged(plan.date()))).build();
  }

  /** The progress chart's figures: each day's 7-day mean pain, the baseline and the improvement line. */
  @GET
  @Path("/progress")
  @Produces(MediaType.APPLICATION_JSON)
  public Response progressFigures() {
    Optional<JsonNode> plan = patientsPlan();
    if (plan.isEmpty()) {
      return Response.status(404).build();
    }
    JsonNode report;
    try {
      report = progress.progress(UUID.fromString(plan.get().path("planId").asText()));
    } catch (RuntimeException failure) {
      if (ServiceProblem.of(failure).notFound()) {
        return Response.status(404).build(); // progress-service has not yet read the plan's start
      }
      throw failure;
    }
    return Response.ok(ProgressFigures.of(report)).build();
  }

  private TemplateInstance today(PatientPlan plan, SessionForm session) {
    PatientNews news = PatientNews.latest(reminders, patientId());
    return Templates.today(patientId(), plan, session, news.entries(), news.head());
  }

  /** The patient's plan with today's activities while it runs. */
  private Optional<PatientPlan> currentPlan() {
    return patientsPlan().map(plan -> PatientPlan.of(plan, plan.path("status").asText().equals("ACTIVE")
        ? plans.today(UUID.fromString(plan.path("planId").asText())) : null));
  }

  /** The patient's plan as plan-service answers it, none before the first one starts. */
  private Optional<JsonNode> patientsPlan() {
    try {
      return Optional.of(plans.patientPlan(patientId()));
    } catch (RuntimeException failure) {
      if (ServiceProblem.of(failure).notFound()) {
        return Optional.empty();
      }
      throw failure;
    }
  }

  private String patientId() {
    return identity.getPrincipal().getName();
  }
}
