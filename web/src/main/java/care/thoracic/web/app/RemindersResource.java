package care.thoracic.web.app;

import care.thoracic.contracts.clinical.ReminderKind;
import care.thoracic.web.backend.ReminderApi;
import care.thoracic.web.backend.ServiceProblem;
import care.thoracic.web.pages.FormAnswers;
import care.thoracic.web.pages.HourMinute;
import care.thoracic.web.pages.Roles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The patient's reminders: the latest delivered to the app (read or not), the next ones coming, and
 * when they come (the daily exercise time and the quiet hours). reminder-service owns them all.
 */
@Path("/app/reminders")
@RolesAllowed(Roles.PATIENT)
@Produces(MediaType.TEXT_HTML)
public class RemindersResource {
  /** The latest delivered reminders shown; the service pages them by due time. */
  static final int INBOX_SIZE = 20;
  static final int COMING_SIZE = 3;
  private static final Map<String, String> FIELDS_IN_WORDS = Map.of("exerciseAt", "Exercise reminder",
      "quietHours.start", "Quiet from", "quietHours.end", "Quiet until", "quietHours", "Quiet hours");

  public record ReminderRow(String reminderId, String title, String due, String focus, boolean read) {
    static ReminderRow of(JsonNode reminder) {
      String kind = reminder.path("kind").asText();
      String title = Arrays.stream(ReminderKind.values()).filter(known -> known.name().equals(kind)).findFirst()
          .map(ReminderKind::title).orElse(kind);
      String due = reminder.path("localDue").asText("").replace('T', ' ');
      return new ReminderRow(reminder.path("reminderId").asText(), title,
          due.length() >= 16 ? due.substring(0, 16) : due, reminder.path("focus").asText(""),
          reminder.path("readAt").isTextual());
    }
  }

  /** The times as the form shows them; {@code quietChosen}: the patient's own quiet hours, not the clinic's. */
  public record Preferences(String exerciseAt, String quietFrom, String quietUntil, boolean quietChosen) {
    static Preferences of(JsonNode preferences) {
      return new Preferences(HourMinute.of(preferences.path("exerciseAt")), HourMinute.of(preferences.path("quietFrom")),
          HourMinute.of(preferences.path("quietUntil")), preferences.path("quietHoursChosen").asBoolean());
    }
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance reminders(List<ReminderRow> inbox, long unread, List<ReminderRow> coming,
        Preferences preferences, String notice, List<String> problems, String person);
  }

  @Inject @RestClient ReminderApi reminders;
  @Inject SecurityIdentity identity;

  @GET
  public TemplateInstance page(@QueryParam("saved") String saved) {
    return page("yes".equals(saved) ? "Saved: your reminders follow your new times." : null, List.of(), null);
  }

  @POST
  @Path("/{reminderId}/read")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response markRead(@PathParam("reminderId") UUID reminderId) {
    reminders.markRead(patientId(), reminderId);
    return Response.seeOther(UriBuilder.fromPath("/app/reminders").fragment("inbox").build()).build();
  }

  /**
   * The times as the patient chose them; the channel and zone stay as they are (the form does not show
   * them). Quiet hours the patient did not choose and left as shown stay the clinic's, so that they
   * follow the clinic's setting when it changes.
   */
  @POST
  @Path("/preferences")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response preferences(@FormParam("exerciseAt") String exerciseAt, @FormParam("quietFrom") String quietFrom,
      @FormParam("quietUntil") String quietUntil) {
    JsonNode current = reminders.preferences(patientId());
    Preferences shown = Preferences.of(current);
    Preferences given = new Preferences(exerciseAt == null ? "" : exerciseAt, quietFrom == null ? "" : quietFrom,
        quietUntil == null ? "" : quietUntil, shown.quietChosen());
    ObjectNode request = JsonNodeFactory.instance.objectNode();
    FormAnswers.putText(request, "exerciseAt", given.exerciseAt());
    if (shown.quietChosen() || !given.quietFrom().equals(shown.quietFrom())
        || !given.quietUntil().equals(shown.quietUntil())) {
      ObjectNode quiet = request.putObject("quietHours");
      FormAnswers.putText(quiet, "start", given.quietFrom());
      FormAnswers.putText(quiet, "end", given.quietUntil());
    }
    request.set("timezone", current.path("timezone"));
    request.set("channel", current.path("channel"));
    request.set("webhookUrl", current.path("webhookUrl"));
    try {
      reminders.setPreferences(patientId(), request);
    } catch (RuntimeException failure) {
      ServiceProblem problem = ServiceProblem.of(failure);
      if (problem.status() != 400) {
        throw failure;
      }
      List<String> problems = new ArrayList<>();
      problem.errors().forEach(error -> problems.add(FIELDS_IN_WORDS.getOrDefault(error.field(), error.field()) + ": "
          + error.message()));
      if (problems.isEmpty()) {
        problems.add(problem.detail());
      }
      return Response.status(400).type(MediaType.TEXT_HTML_TYPE).entity(page(null, problems, given)).build();
    }
    return Response.seeOther(UriBuilder.fromPath("/app/reminders").queryParam("saved", "yes")
        .fragment("preferences").build()).build();
  }

  private TemplateInstance page(String notice, List<String> problems, Preferences draft) {
    String patient = patientId();
    // the service pages by due time, oldest first: the latest are on its last page, and the one before
    // when the last is short
    long delivered = reminders.reminders(patient, "SENT", 0, 1).path("total").asLong();
    int lastPage = (int) Math.max(0, (delivered - 1) / INBOX_SIZE);
    List<ReminderRow> inbox = new ArrayList<>();
    reminders.reminders(patient, "SENT", lastPage, INBOX_SIZE).path("items")
        .forEach(reminder -> inbox.add(ReminderRow.of(reminder)));
    if (lastPage > 0 && inbox.size() < INBOX_SIZE) {
      List<ReminderRow> before = new ArrayList<>();
      reminders.reminders(patient, "SENT", lastPage - 1, INBOX_SIZE).path("items")
          .forEach(reminder -> before.add(ReminderRow.of(reminder)));
      inbox.addAll(0, before);
    }
    List<ReminderRow> newestFirst = inbox.reversed().subList(0, Math.min(INBOX_SIZE, inbox.size()));
    List<ReminderRow> coming = new ArrayList<>();
    reminders.reminders(patient, "PENDING", 0, COMING_SIZE).path("items")
        .forEach(reminder -> coming.add(ReminderRow.of(reminder)));
    Preferences shown = draft != null ? draft : Preferences.of(reminders.preferences(patient));
    return Templates.reminders(newestFirst, newestFirst.stream().filter(row -> !row.read()).count(), coming, shown,
        notice, problems, patient);
  }

  private String patientId() {
    return identity.getPrincipal().getName();
  }
}
