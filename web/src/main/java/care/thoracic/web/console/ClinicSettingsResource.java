package care.thoracic.web.console;

import care.thoracic.web.backend.PlanApi;
import care.thoracic.web.backend.ReminderApi;
import care.thoracic.web.backend.ServiceProblem;
import care.thoracic.web.backend.TriageApi;
import care.thoracic.web.pages.FormAnswers;
import care.thoracic.web.pages.Roles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The clinic's settings: every clinician reads them, its admins change them, each with a reason that
 * the owning service records with who changed it. A refused change names the field and changes nothing.
 */
@Path("/console/settings")
@RolesAllowed({Roles.CLINICIAN, Roles.CLINIC_ADMIN})
@Produces(MediaType.TEXT_HTML)
public class ClinicSettingsResource {
  static final int REASON_MAX = 500;

  /** One of the page's forms, by the anchor of its section. */
  enum Setting {
    WORK_QUEUE("work-queue", "Work-queue deadlines"),
    PROTOCOL("protocol", "Protocol of new plans"),
    WORK_DAYS("work-days", "Work days"),
    QUIET_HOURS("quiet-hours", "Quiet hours");

    final String anchor;
    final String title;

    Setting(String anchor, String title) {
      this.anchor = anchor;
      this.title = title;
    }

    static Optional<Setting> ofAnchor(String anchor) {
      return Arrays.stream(values()).filter(setting -> setting.anchor.equals(anchor)).findFirst();
    }
  }

  /** A refused change: which form, what was wrong (field by field), and the reason the admin gave. */
  public record Refusal(String form, List<String> problems, String reasonDraft) {}

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance settings(ClinicSettingsPage settings, List<String> units, boolean mayChange,
        String saved, Refusal refusal, String person);
  }

  @Inject @RestClient PlanApi plans;
  @Inject @RestClient TriageApi triage;
  @Inject @RestClient ReminderApi reminders;
  @Inject SecurityIdentity identity;

  @GET
  public TemplateInstance settings(@QueryParam("saved") String saved) {
    return page(Setting.ofAnchor(saved).map(setting -> setting.title + ": saved.").orElse(null), null);
  }

  @POST
  @Path("/work-queue")
  @RolesAllowed(Roles.CLINIC_ADMIN)
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response workQueue(MultivaluedMap<String, String> form) {
    JsonNode current = plans.workQueueSettings();
    ObjectNode request = JsonNodeFactory.instance.objectNode();
    ObjectNode deadlines = request.putObject("deadlines");
    ObjectNode asDefault = JsonNodeFactory.instance.objectNode();
    List<String> problems = new ArrayList<>();
    current.path("deadlines").fieldNames().forEachRemaining(kind -> {
      String amount = first(form, "amount." + kind);
      String unit = first(form, "unit." + kind);
      if (!amount.strip().matches("\\d{1,6}") || !ClinicSettingsPage.UNITS.contains(unit)) {
        problems.add(QueueRow.inWords(kind) + ": give a whole number of minutes, hours or days.");
        return;
      }
      String iso = ClinicSettingsPage.iso(Long.parseLong(amount.strip()), unit);
      // a deadline left at the platform's default keeps following it
      boolean platforms = Duration.parse(iso).toString().equals(current.path("defaults").path(kind).asText());
      (platforms ? asDefault : deadlines).put(kind, iso);
    });
    if (deadlines.isEmpty()) {
      deadlines.setAll(asDefault); // the service takes at least one: all of them, as the platform has them
    }
    return change(Setting.WORK_QUEUE, form, problems, request, plans::setWorkQueueSettings);
  }

  @POST
  @Path("/protocol")
  @RolesAllowed(Roles.CLINIC_ADMIN)
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response protocol(MultivaluedMap<String, String> form) {
    ObjectNode request = JsonNodeFactory.instance.objectNode();
    FormAnswers.putText(request, "version", first(form, "version"));
    return change(Setting.PROTOCOL, form, List.of(), request, plans::setProtocolSetting);
  }

  @POST
  @Path("/work-days")
  @RolesAllowed(Roles.CLINIC_ADMIN)
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response workDays(MultivaluedMap<String, String> form) {
    ObjectNode request = JsonNodeFactory.instance.objectNode();
    List<String> ticked = form.getOrDefault("day", List.of());
    if (ticked.isEmpty()) {
      request.putNull("days"); // none ticked: the platform's
    } else {
      ArrayNode days = request.putArray("days");
      Arrays.stream(DayOfWeek.values()).map(DayOfWeek::name).filter(ticked::contains).forEach(days::add);
    }
    return change(Setting.WORK_DAYS, form, List.of(), request, triage::setWorkDaysSetting);
  }

  @POST
  @Path("/quiet-hours")
  @RolesAllowed(Roles.CLINIC_ADMIN)
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response quietHours(MultivaluedMap<String, String> form) {
    ObjectNode request = JsonNodeFactory.instance.objectNode();
    FormAnswers.putText(request, "start", first(form, "start"));
    FormAnswers.putText(request, "end", first(form, "end"));
    return change(Setting.QUIET_HOURS, form, List.of(), request, reminders::setQuietHoursSetting);
  }

  /** Sends the change with its reason unless the form was already refused; a refusal re-renders the page. */
  private Response change(Setting setting, MultivaluedMap<String, String> form, List<String> problems,
      ObjectNode request, UnaryOperator<JsonNode> send) {
    String reason = first(form, "reason").strip();
    List<String> refused = new ArrayList<>(problems);
    if (reason.isEmpty() || reason.length() > REASON_MAX) {
      refused.add("Reason: give one, up to " + REASON_MAX + " characters; it is recorded with your name.");
    }
    if (refused.isEmpty()) {
      request.put("reason", reason);
      try {
        send.apply(request);
        return Response.seeOther(UriBuilder.fromPath("/console/settings").queryParam("saved", setting.anchor)
            .fragment(setting.anchor).build()).build();
      } catch (RuntimeException failure) {
        ServiceProblem problem = ServiceProblem.of(failure);
        if (problem.status() != 400 && problem.status() != 409) {
          throw failure;
        }
        if (problem.errors().isEmpty()) {
          refused.add(problem.detail());
        }
        problem.errors().forEach(error -> refused.add(fieldInWords(error.field()) + ": " + error.message()));
      }
    }
    Refusal refusal = new Refusal(setting.anchor, refused, reason.length() > REASON_MAX
        ? reason.substring(0, REASON_MAX) : reason);
    return Response.status(400).type(MediaType.TEXT_HTML_TYPE).entity(page(null, refusal)).build();
  }

  private TemplateInstance page(String saved, Refusal refusal) {
    ClinicSettingsPage settings = ClinicSettingsPage.of(plans.workQueueSettings(), plans.protocolSetting(),
        triage.workDaysSetting(), reminders.quietHoursSetting());
    return Templates.settings(settings, ClinicSettingsPage.UNITS, identity.hasRole(Roles.CLINIC_ADMIN), saved,
        refusal, identity.getPrincipal().getName());
  }

  private static final Map<String, String> FIELDS_IN_WORDS = Map.of("days", "Work days", "start", "Start",
      "end", "End", "version", "Protocol version", "reason", "Reason", "deadlines", "Deadlines");

  private static String fieldInWords(String field) {
    return field.startsWith("deadlines.") ? QueueRow.inWords(field.substring("deadlines.".length()))
        : FIELDS_IN_WORDS.getOrDefault(field, field);
  }

  private static String first(MultivaluedMap<String, String> form, String field) {
    String value = form.getFirst(field);
    return value == null ? "" : value;
  }
}
