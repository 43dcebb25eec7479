package care.thoracic.web.app;

import care.thoracic.web.backend.ServiceProblem.FieldProblem;
import care.thoracic.web.pages.FormAnswers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.UUID;

/**
 * The intake as the patient filled it in: the form's fields turned into triage-service's intake,
 * and back into the form with what the service said of each field. The rules of what is valid stay
 * with triage-service; this only carries the answers there and its answer back.
 */
public record IntakeForm(MultivaluedMap<String, String> fields, List<FieldProblem> problems) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The warning-sign questions, asked first, each in plain words. */
  public record Question(String field, String text) {}

  public record Choice(String value, String label) {}

  public static final List<Question> RED_FLAGS = List.of(
      new Question("chestPainOrBreathlessness", "Do you have chest pain, or are you short of breath?"),
      new Question("progressiveNumbness", "Is numbness or weakness in your legs or body getting worse?"),
      new Question("bowelBladderDysfunction", "Have you lost control of your bladder or bowels, or can you not pass urine?"),
      new Question("fever", "Do you have a fever or feel generally unwell with the pain?"),
      new Question("unexplainedWeightLoss", "Have you lost weight without trying?"),
      new Question("significantTrauma", "Did the pain start after a fall, an accident or a hard blow?"));

  public static final List<Choice> AGGRAVATORS = List.of(new Choice("SITTING", "Sitting"),
      new Choice("DESK_WORK", "Desk work"), new Choice("PHONE_USE", "Looking at a phone"), new Choice("LIFTING", "Lifting"),
      new Choice("TWISTING", "Twisting"), new Choice("REACHING", "Reaching up"), new Choice("DEEP_BREATH", "Breathing in deeply"),
      new Choice("MEALS", "After meals"), new Choice("LYING_DOWN", "Lying down"), new Choice("NIGHT", "At night"));

  public static final List<Choice> HISTORY = List.of(new Choice("OSTEOPOROSIS", "Osteoporosis (thin bones)"),
      new Choice("LONG_TERM_STEROIDS", "Taking steroid tablets for a long time"), new Choice("CANCER", "Cancer, now or before"),
      new Choice("RHEUMATOID_ARTHRITIS", "Rheumatoid arthritis"), new Choice("FIBROMYALGIA", "Fibromyalgia"),
      new Choice("GERD", "Acid reflux (GERD)"), new Choice("SCHEUERMANN", "Scheuermann's disease"),
      new Choice("DEGENERATIVE_DISC_DISEASE", "Worn spinal discs"));

  public static final List<Choice> SYMPTOMS = List.of(
      new Choice("MORNING_STIFFNESS_OVER_30_MIN", "Stiff for more than 30 minutes in the morning"),
      new Choice("MULTIPLE_JOINT_PAIN", "Pain in several joints"), new Choice("WIDESPREAD_PAIN", "Pain in many places"),
      new Choice("TENDER_POINTS", "Tender points"), new Choice("FATIGUE", "Tiredness"), new Choice("HEARTBURN", "Heartburn"),
      new Choice("PROGRESSIVE_KYPHOSIS", "A rounding of the upper back that is getting worse"),
      new Choice("NUMBNESS", "Numbness"), new Choice("TINGLING", "Tingling"), new Choice("WEAKNESS", "Weakness"));

  public static final List<String> LEVELS = List.of("T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11", "T12");

  /** An empty form, with the key that makes submitting it twice count once. */
  public List<Question> redFlags() {
    return RED_FLAGS;
  }

  public List<Choice> aggravatorChoices() {
    return AGGRAVATORS;
  }

  public List<Choice> historyChoices() {
    return HISTORY;
  }

  public List<Choice> symptomChoices() {
    return SYMPTOMS;
  }

  public List<String> levels() {
    return LEVELS;
  }

  public List<Integer> painScale() {
    return SessionForm.PAIN_SCALE;
  }

  public boolean scored(String field, Integer score) {
    return value(field).equals(String.valueOf(score));
  }

  static IntakeForm blank(String defaultZone) {
    MultivaluedMap<String, String> fields = new MultivaluedHashMap<>();
    fields.putSingle("idempotencyKey", UUID.randomUUID().toString());
    fields.putSingle("timezone", defaultZone);
    fields.putSingle("from", "T4");
    fields.putSingle("to", "T8");
    return new IntakeForm(fields, List.of());
  }

  IntakeForm withProblems(List<FieldProblem> found) {
    return new IntakeForm(fields, found);
  }

  public String value(String field) {
    String value = fields.getFirst(field);
    return value == null ? "" : value;
  }

  public boolean is(String field, String value) {
    List<String> values = fields.get(field);
    return values != null && values.contains(value);
  }

  /** The id of the part of the form a problem's field belongs to, for the summary's link to it. */
  public String anchorOf(String field) {
    if (field.startsWith("redFlags.")) {
      return "field-" + field;
    }
    String top = field.replaceAll("[.\\[].*", "");
    return switch (top) {
      case "painScore", "painRegion", "onset", "onsetDate", "age", "aggravators", "history", "symptoms", "work",
          "notes" -> "field-" + top;
      default -> "intake-problems";
    };
  }

  /**
   * What the service said of {@code field}, of a field under it ({@code work.workEnd}) or, for a
   * red-flag question, of it under {@code redFlags}; empty when nothing.
   */
  public String problemOf(String field) {
    return problems.stream().filter(problem -> problem.field().equals(field) || problem.field().startsWith(field + ".")
            || problem.field().equals("redFlags." + field))
        .map(FieldProblem::message).findFirst().orElse("");
  }

  /** The intake as triage-service reads it, for {@code patientId}; a field left empty is sent as missing. */
  JsonNode toIntake(String patientId) {
    ObjectNode intake = JSON.createObjectNode().put("patientId", patientId);
    FormAnswers.putNumber(intake, "age", value("age"));
    intake.put("timezone", value("timezone"));
    FormAnswers.putNumber(intake, "painScore", value("painScore"));
    intake.putObject("painRegion").put("from", value("from")).put("to", value("to"));
    FormAnswers.putText(intake, "onset", value("onset"));
    FormAnswers.putText(intake, "onsetDate", value("onsetDate"));
    putAll(intake.putArray("aggravators"), "aggravators");
    putAll(intake.putArray("history"), "history");
    putAll(intake.putArray("symptoms"), "symptoms");
    ObjectNode redFlags = intake.putObject("redFlags");
    RED_FLAGS.forEach(question -> {
      switch (value(question.field())) {
        case "yes" -> redFlags.put(question.field(), true);
        case "no" -> redFlags.put(question.field(), false);
        default -> redFlags.putNull(question.field());
      }
    });
    if (!value("deskHoursPerDay").isBlank()) {
      ObjectNode work = intake.putObject("work");
      FormAnswers.putNumber(work, "deskHoursPerDay", value("deskHoursPerDay"));
      FormAnswers.putText(work, "workStart", value("workStart"));
      FormAnswers.putText(work, "workEnd", value("workEnd"));
      work.put("standingDesk", is("standingDesk", "yes"));
    }
    if (!value("notes").isBlank()) {
      intake.put("notes", value("notes"));
    }
    return intake;
  }

  private void putAll(ArrayNode array, String field) {
    List<String> values = fields.get(field);
    if (values != null) {
      values.forEach(array::add);
    }
  }
}
