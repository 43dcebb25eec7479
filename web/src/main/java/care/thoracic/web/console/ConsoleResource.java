package care.thoracic.web.console;

import care.thoracic.web.backend.PlanApi;
import care.thoracic.web.backend.ProgressApi;
import care.thoracic.web.backend.ServiceProblem;
import care.thoracic.web.backend.ServiceStream;
import care.thoracic.web.pages.ProgressFigures;
import care.thoracic.web.pages.Roles;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import io.quarkus.oidc.AccessTokenCredential;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import java.net.URI;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestStreamElementType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** The clinic console: the work queue and a patient's plan. */
@Path("/console")
@RolesAllowed({Roles.CLINICIAN, Roles.CLINIC_ADMIN})
@Produces(MediaType.TEXT_HTML)
public class ConsoleResource {
  /** As many as plan-service answers in one page; a queue longer than this says so. */
  static final int QUEUE_PAGE = 100;
  static final int REASON_MAX = 1_000;

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance queue(List<QueueRow> rows, long total, String person);

    static native TemplateInstance plan(PlanPage plan, PlanProgress progress, boolean admin, String person,
        String notice, String problem, String reasonDraft, String decisionDraft, String retriageDraft);
  }

  @Inject
  @RestClient
  PlanApi plans;

  @Inject
  @RestClient
  ProgressApi progress;

  @Inject
  SecurityIdentity identity;

  /** Where plan-service is, for the plan's live stream (the REST client's own setting). */
  @ConfigProperty(name = "quarkus.rest-client.plan.url")
  URI planService;

  @GET
  public TemplateInstance queue() {
    JsonNode page = plans.workQueue(QUEUE_PAGE);
    List<QueueRow> rows = new ArrayList<>();
    page.path("items").forEach(item -> rows.add(QueueRow.of(item)));
    return Templates.queue(rows, page.path("total").asLong(), person());
  }

  /** Records who took the item; what it is about is settled on the patient's plan. */
  @POST
  @Path("/work-queue/{itemId}/acknowledgement")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response acknowledge(@PathParam("itemId") UUID itemId) {
    plans.acknowledge(itemId);
    return Response.seeOther(UriBuilder.fromPath("/console").fragment("item-" + itemId).build()).build();
  }

  @GET
  @Path("/plans/{planId}")
  public TemplateInstance plan(@PathParam("planId") UUID planId, @QueryParam("done") String done) {
    String notice = Optional.ofNullable(done).flatMap(PlanDecision::ofPath)
        .map(decision -> decision.label() + ": done.")
        .or(() -> Optional.ofNullable(done).map(RETRIAGE_NOTICES::get)).orElse(null);
    return Templates.plan(load(planId), progressOf(planId), admin(), person(), notice, null, "", "", "");
  }

  /** What the page says after a re-triage decision, by the decision plan-service took. */
  private static final Map<String, String> RETRIAGE_NOTICES = Map.of(
      "KEEP_PLAN", "The new intake is recorded and this plan goes on.",
      "REPLACE_PLAN", "The plan was replaced: this is the new one, proposed by the patient's new intake.");

  /**
   * Keeps the plan or replaces it with the one a re-triage proposes (CLINICAL §8), on the version
   * the clinician saw; a replacement leads to the new plan.
   */
  @POST
  @Path("/plans/{planId}/retriages/{triageId}/decision")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response decideRetriage(@PathParam("planId") UUID planId, @PathParam("triageId") UUID triageId,
      @FormParam("decision") String decision, @FormParam("reason") String reason,
      @FormParam("version") String version) {
    String draft = reason == null ? "" : reason.strip();
    if (decision == null || !RETRIAGE_NOTICES.containsKey(decision)) { // Map.of answers no null
      return refusedRetriage(planId, 400, "Choose: keep this plan, or replace it.", draft);
    }
    if (draft.isEmpty() || draft.length() > REASON_MAX) {
      return refusedRetriage(planId, 400, "Give a reason (up to " + REASON_MAX + " characters): it goes into the "
          + "plan's timeline.", draft.length() > REASON_MAX ? draft.substring(0, REASON_MAX) : draft);
    }
    if (version == null || !version.matches("\\d{1,18}")) {
      return refusedRetriage(planId, 400, "The page was incomplete: reload the plan and decide again.", draft);
    }
    try {
      plans.decideRetriage(planId, triageId, "\"" + version + "\"", Map.of("decision", decision, "reason", draft));
    } catch (RuntimeException failure) {
      ServiceProblem problem = ServiceProblem.of(failure);
      return refusedRetriage(planId, problem.status(), refusalOf(problem, failure), draft);
    }
    String shown = decision.equals("REPLACE_PLAN") ? replacementOf(planId, triageId) : planId.toString();
    return Response.seeOther(UriBuilder.fromPath("/console/plans/{planId}").queryParam("done", decision)
        .build(shown)).build();
  }

  /**
   * A decision on the version the clinician saw. When someone else changed the plan first, nothing
   * is applied: the page shows the plan as it is now, says so, and keeps the clinician's reason.
   */
  @POST
  @Path("/plans/{planId}/decisions")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response decide(@PathParam("planId") UUID planId, @FormParam("decision") String decisionPath,
      @FormParam("reason") String reason, @FormParam("version") String version) {
    Optional<PlanDecision> decision = Optional.ofNullable(decisionPath).flatMap(PlanDecision::ofPath);
    String draft = reason == null ? "" : reason.strip();
    if (decision.isEmpty()) {
      return refused(planId, 400, "Choose a decision.", draft, "");
    }
    if (draft.isEmpty() || draft.length() > REASON_MAX) {
      return refused(planId, 400, "Give a reason (up to " + REASON_MAX + " characters): it goes into the plan's timeline.",
          draft.length() > REASON_MAX ? draft.substring(0, REASON_MAX) : draft, decision.get().path());
    }
    if (version == null || !version.matches("\\d{1,18}")) {
      return refused(planId, 400, "The page was incomplete: reload the plan and decide again.", draft,
          decision.get().path());
    }
    try {
      plans.decide(planId, decision.get().path(), "\"" + version + "\"", Map.of("reason", draft));
    } catch (RuntimeException failure) {
      ServiceProblem problem = ServiceProblem.of(failure);
      return refused(planId, problem.status(), refusalOf(problem, failure), draft, decision.get().path());
    }
    return Response.seeOther(UriBuilder.fromPath("/console/plans/{planId}").queryParam("done", decision.get().path())
        .build(planId)).build();
  }

  /**
   * The plan's changes after {@code after} (the version the page shows), as server-sent events named
   * {@code changed} with the version as id and data; a reconnecting EventSource resumes after its
   * {@code Last-Event-ID}.
   */
  @GET
  @Path("/plans/{planId}/changes")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.TEXT_PLAIN)
  @Blocking
  public Multi<OutboundSseEvent> changes(@PathParam("planId") UUID planId, @QueryParam("after") String after,
      @HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
    return ServiceStream.relay(planService, "/plans/" + planId + "/stream?after="
        + ServiceStream.position(lastEventId, after), identity.getCredential(AccessTokenCredential.class).getToken(),
        sse);
  }

  /** The plan that replaced {@code planId} for the re-triage, as the plan's history records the decision. */
  private String replacementOf(UUID planId, UUID triageId) {
    for (JsonNode step : plans.history(planId)) {
      JsonNode event = step.path("event");
      if (event.path("triageId").asText().equals(triageId.toString()) && event.path("replacementPlanId").isTextual()) {
        return event.path("replacementPlanId").asText();
      }
    }
    return planId.toString(); // not recorded: the page of the replaced plan shows its timeline
  }

  /**
   * What the page says when plan-service refused a decision: someone else changed the plan first
   * (nothing applied, the page shows it as it is now), or the plan does not take it (its detail);
   * anything else is the failure pages' business.
   */
  private static String refusalOf(ServiceProblem problem, RuntimeException failure) {
    if (problem.changedMeanwhile()) {
      return "Someone else changed this plan first. Nothing of yours was applied: this is the plan as it is now. "
          + "Check it, then decide again.";
    }
    if (problem.status() == 409 || problem.status() == 400) {
      return problem.detail();
    }
    throw failure;
  }

  private Response refused(UUID planId, int status, String problem, String reasonDraft, String decisionDraft) {
    return refused(planId, status, problem, reasonDraft, decisionDraft, "");
  }

  private Response refusedRetriage(UUID planId, int status, String problem, String retriageDraft) {
    return refused(planId, status, problem, "", "", retriageDraft);
  }

  /** The plan as it is now with what was refused, and what the clinician had written kept where it was. */
  private Response refused(UUID planId, int status, String problem, String reasonDraft, String decisionDraft,
      String retriageDraft) {
    return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
        .entity(Templates.plan(load(planId), progressOf(planId), admin(), person(), null, problem, reasonDraft,
            decisionDraft, retriageDraft)).build();
  }

  /** The plan's charts' figures (the same the patient's app draws). */
  @GET
  @Path("/plans/{planId}/progress")
  @Produces(MediaType.APPLICATION_JSON)
  public Response progressFigures(@PathParam("planId") UUID planId) {
    try {
      return Response.ok(ProgressFigures.of(progress.progress(planId))).build();
    } catch (RuntimeException failure) {
      ServiceProblem problem = ServiceProblem.of(failure);
      if (problem.notFound() || problem.status() >= 500) {
        return Response.status(problem.notFound() ? 404 : 503).build(); // the page keeps its words
      }
      throw failure;
    }
  }

  /**
   * The plan's progress in words and its flags; none until progress-service has read the plan's
   * start (or for a plan of another clinic), and the plan's page still works while it does not answer.
   */
  private PlanProgress progressOf(UUID planId) {
    try {
      return PlanProgress.of(progress.progress(planId));
    } catch (RuntimeException failure) {
      ServiceProblem problem = ServiceProblem.of(failure);
      if (problem.notFound()) {
        return PlanProgress.NOT_YET;
      }
      if (problem.status() >= 500) {
        return PlanProgress.UNAVAILABLE;
      }
      throw failure;
    }
  }

  private PlanPage load(UUID planId) {
    JsonNode plan = plans.plan(planId);
    JsonNode today = plan.path("status").asText().equals("ACTIVE") ? plans.today(planId) : null;
    return PlanPage.of(plan, today, plans.history(planId));
  }

  private boolean admin() {
    return identity.hasRole(Roles.CLINIC_ADMIN);
  }

  private String person() {
    return identity.getPrincipal().getName();
  }
}
