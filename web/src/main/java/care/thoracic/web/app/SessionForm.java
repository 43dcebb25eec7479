package care.thoracic.web.app;

import care.thoracic.web.backend.ServiceProblem.FieldProblem;
import care.thoracic.web.pages.FormAnswers;
import care.thoracic.web.pages.TodayActivity;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Logging a session: the form carries the session's id from the moment it is shown, so sending it
 * twice logs one session. {@code logged}: the form shown after a session was logged (a new id).
 */
public record SessionForm(MultivaluedMap<String, String> fields, String problem, boolean logged) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public record Choice(String value, String label) {}

  /** Warning signs to report with a session: the progress rules escalate on them. */
  public static final List<Choice> SYMPTOMS = List.of(new Choice("NUMBNESS", "Numbness"),
      new Choice("TINGLING", "Tingling"), new Choice("WEAKNESS", "Weakness"),
      new Choice("PROGRESSIVE_NUMBNESS", "Numbness that is getting worse"),
      new Choice("BOWEL_BLADDER_DYSFUNCTION", "Trouble controlling bladder or bowels"), new Choice("FEVER", "Fever"));

  private static final Map<String, String> FIELDS_IN_WORDS = Map.of("painBefore", "Pain before",
      "painAfter", "Pain after", "performedOn", "Day", "exercises", "Exercises", "note", "Note");

  /** The numeric rating scale, 0 (no pain) to 10 (the worst imaginable). */
  public static final List<Integer> PAIN_SCALE = List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);

  static SessionForm blank(String today) {
    MultivaluedMap<String, String> fields = new MultivaluedHashMap<>();
    fields.putSingle("sessionId", UUID.randomUUID().toString());
    fields.putSingle("performedOn", today);
    return new SessionForm(fields, null, false);
  }

  static SessionForm logged(String today) {
    return new SessionForm(blank(today).fields(), null, true);
  }

  SessionForm withProblem(String found) {
    return new SessionForm(fields, found, false);
  }

  public String value(String field) {
    String value = fields.getFirst(field);
    return value == null ? "" : value;
  }

  public List<Integer> painScale() {
    return PAIN_SCALE;
  }

  public List<Choice> symptomChoices() {
    return SYMPTOMS;
  }

  public boolean scored(String field, Integer score) {
    return value(field).equals(String.valueOf(score));
  }

  public boolean is(String field, String value) {
    List<String> values = fields.get(field);
    return values != null && values.contains(value);
  }

  static String inWords(FieldProblem problem) {
    String field = problem.field().replaceAll("\\[\\d+]", "").replaceAll("\\..*", "");
    return FIELDS_IN_WORDS.getOrDefault(field, problem.field()) + ": " + problem.message();
  }

  /** The session as progress-service reads it: the ticked activities of today with their dosage. */
  JsonNode toSession(List<TodayActivity> today) {
    ObjectNode session = JSON.createObjectNode();
    FormAnswers.putText(session, "sessionId", value("sessionId"));
    FormAnswers.putText(session, "performedOn", value("performedOn"));
    FormAnswers.putNumber(session, "painBefore", value("painBefore"));
    FormAnswers.putNumber(session, "painAfter", value("painAfter"));
    ArrayNode exercises = session.putArray("exercises");
    today.stream().filter(activity -> is("exercise", activity.id())).forEach(activity -> {
      ObjectNode exercise = exercises.addObject().put("exerciseId", activity.id()).put("sets", activity.sets());
      if (activity.reps() != null) {
        exercise.put("reps", activity.reps());
      } else {
        exercise.put("holdSeconds", activity.holdSeconds());
      }
    });
    ArrayNode symptoms = session.putArray("symptoms");
    SYMPTOMS.stream().filter(symptom -> is("symptoms", symptom.value())).forEach(symptom -> symptoms.add(symptom.value()));
    if (!value("note").isBlank()) {
      session.put("note", value("note"));
    }
    return session;
  }
}
