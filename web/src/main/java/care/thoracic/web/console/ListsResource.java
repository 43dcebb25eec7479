package care.thoracic.web.console;

import care.thoracic.web.backend.PlanApi;
import care.thoracic.web.backend.ProgressApi;
import care.thoracic.web.pages.Roles;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** The clinic's lists: its patients' plans by status, and the patients at risk. */
@Path("/console")
@RolesAllowed({Roles.CLINICIAN, Roles.CLINIC_ADMIN})
@Produces(MediaType.TEXT_HTML)
public class ListsResource {
  static final int PAGE_SIZE = 20;
  /** The statuses a plan list can be filtered by, as plan-service names them, with the tab's words. */
  static final List<Tab> TABS = List.of(new Tab("", "All"), new Tab("AWAITING_APPROVAL", "Awaiting approval"),
      new Tab("ACTIVE", "Running"), new Tab("SUSPENDED", "Suspended"), new Tab("COMPLETED", "Completed"));

  public record Tab(String status, String label) {}

  public record PlanRow(String planId, String patientId, String status, String phase, String nextReviewOn,
      boolean reviewRequested) {}

  public record RiskRow(String planId, String patientId, String status, List<String> reasons, boolean urgentFlag,
      String adherence, String meanPain7d, int baselinePain) {}

  /** A page of a list: which, of how many, and the links to its neighbours (null at an end). */
  public record Paging(int page, long total, boolean totalAtLeast, String previous, String next) {
    /** The list's size as people read it: "1,000+" where the service stopped counting. */
    public String count() {
      return String.format(Locale.ROOT, "%,d", total) + (totalAtLeast ? "+" : "");
    }
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance patients(List<Tab> tabs, String status, List<PlanRow> rows, Paging paging,
        String person);

    static native TemplateInstance atRisk(List<RiskRow> rows, Paging paging, String person);
  }

  @Inject
  @RestClient
  PlanApi plans;

  @Inject
  @RestClient
  ProgressApi progress;

  @Inject
  SecurityIdentity identity;

  @GET
  @Path("/patients")
  public TemplateInstance patients(@QueryParam("status") String status, @QueryParam("page") String page) {
    String shown = TABS.stream().map(Tab::status).filter(known -> known.equals(status)).findFirst().orElse("");
    int number = pageNumber(page);
    JsonNode answer = plans.plans(shown.isEmpty() ? null : shown, number, PAGE_SIZE);
    List<PlanRow> rows = new ArrayList<>();
    answer.path("items").forEach(plan -> rows.add(new PlanRow(plan.path("planId").asText(),
        plan.path("patientId").asText(), plan.path("status").asText(), plan.path("phase").asText(""),
        plan.path("nextReviewOn").asText(""), plan.path("clinicianReviewRequested").asBoolean())));
    return Templates.patients(TABS, shown, rows, paging("/console/patients?status=" + shown + "&page=", number,
        PAGE_SIZE, answer), person());
  }

  @GET
  @Path("/at-risk")
  public TemplateInstance atRisk(@QueryParam("page") String page) {
    int number = pageNumber(page);
    JsonNode answer = progress.atRisk(number, PAGE_SIZE);
    List<RiskRow> rows = new ArrayList<>();
    answer.path("items").forEach(risk -> {
      List<String> reasons = new ArrayList<>();
      risk.path("reasons").forEach(reason -> reasons.add(reason.asText()));
      JsonNode adherence = risk.path("adherence");
      rows.add(new RiskRow(risk.path("planId").asText(), risk.path("patientId").asText(), risk.path("status").asText(),
          reasons, risk.path("urgentFlag").asBoolean(),
          adherence.isObject() ? adherence.path("percent").asInt() + "%" : "–",
          risk.path("meanPain7d").isNumber() ? String.format(Locale.ROOT, "%.1f", risk.path("meanPain7d").asDouble()) : "–",
          risk.path("baselinePain").asInt()));
    });
    return Templates.atRisk(rows, paging("/console/at-risk?page=", number, PAGE_SIZE, answer), person());
  }

  /** The last page the services answer (their {@code Page.LAST_PAGE}). */
  static final int LAST_PAGE = 10_000;

  /** A page number as given, or the first page for anything that is not one the services answer. */
  static int pageNumber(String page) {
    if (page == null || !page.matches("\\d{1,5}") || Integer.parseInt(page) > LAST_PAGE) {
      return 0;
    }
    return Integer.parseInt(page);
  }

  /**
   * Links to the pages around a service's page: a next one while the total says there is more, or,
   * where the service stopped counting ({@code totalAtLeast}), while this page shows anything. Not
   * only while it is full: a service leaves out of a page the items of a patient erased a moment
   * ago, so a short page past the count may have more after it; at the true end, the next page
   * says there is nothing more.
   */
  static Paging paging(String link, int page, int size, JsonNode answer) {
    long total = answer.path("total").asLong();
    boolean atLeast = answer.path("totalAtLeast").asBoolean();
    boolean more = page < LAST_PAGE
        && ((long) (page + 1) * size < total || (atLeast && !answer.path("items").isEmpty()));
    return new Paging(page, total, atLeast, page > 0 ? link + (page - 1) : null, more ? link + (page + 1) : null);
  }

  private String person() {
    return identity.getPrincipal().getName();
  }
}
