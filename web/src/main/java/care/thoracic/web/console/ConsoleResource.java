package care.thoracic.web.console;

import care.thoracic.web.backend.PlanApi;
import care.thoracic.web.backend.ServiceProblem;
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

    static native TemplateInstance plan(PlanPage plan, String person, String notice, String problem,
        String reasonDraft, String decisionDraft);
  }

  @Inject
  @RestClient
  PlanApi plans;

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
        .map(decision -> decision.label() + ": done.").orElse(null);
    return Templates.plan(load(planId), person(), notice, null, "", "");
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
      if (problem.changedMeanwhile()) {
        return refused(planId, 409, "Someone else changed this plan first. Nothing of yours was applied: "
            + "this is the plan as it is now. Check it, then decide again.", draft, decision.get().path());
      }
      if (problem.status() == 409 || problem.status() == 400) {
        return refused(planId, problem.status(), problem.detail(), draft, decision.get().path());
      }
      throw failure;
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
    String position = lastEventId != null && lastEventId.matches("\\d{1,18}") ? lastEventId : after;
    long version = position != null && position.matches("\\d{1,18}") ? Long.parseLong(position) : 0;
    return PlanChanges.follow(planService, planId, version,
            identity.getCredential(AccessTokenCredential.class).getToken())
        .map(change -> switch (change) {
          case PlanChanges.Change.Changed changed -> sse.newEventBuilder().name("changed")
              .id(Long.toString(changed.version())).data(Long.toString(changed.version())).build();
          case PlanChanges.Change.Heartbeat beat -> sse.newEventBuilder().comment("heartbeat").build();
        });
  }

  private Response refused(UUID planId, int status, String problem, String reasonDraft, String decisionDraft) {
    return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
        .entity(Templates.plan(load(planId), person(), null, problem, reasonDraft, decisionDraft)).build();
  }

  private PlanPage load(UUID planId) {
    JsonNode plan = plans.plan(planId);
    JsonNode today = plan.path("status").asText().equals("ACTIVE") ? plans.today(planId) : null;
    return PlanPage.of(plan, today, plans.history(planId));
  }

  private String person() {
    return identity.getPrincipal().getName();
  }
}
