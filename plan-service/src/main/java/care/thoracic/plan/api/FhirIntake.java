package care.thoracic.plan.api;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.Aggravator;
import care.thoracic.contracts.clinical.HistoryItem;
import care.thoracic.contracts.clinical.IntakeSymptom;
import care.thoracic.contracts.clinical.Onset;
import care.thoracic.contracts.clinical.RedFlagAnswers;
import care.thoracic.contracts.clinical.ThoracicLevel;
import care.thoracic.contracts.clinical.TriageIntake;
import care.thoracic.contracts.clinical.WorkPattern;
import care.thoracic.platform.fhir.FhirPatients;
import care.thoracic.platform.fhir.PainObservations;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.TimeType;
import org.hl7.fhir.r4.model.Type;

/**
 * The triage intake (CLINICAL §1) as a FHIR R4 Questionnaire, and each intake as a
 * QuestionnaireResponse to it. Both are made from the one list of questions below, so an answer
 * never names a question or an option the questionnaire lacks.
 */
final class FhirIntake {
  static final String URL = PainObservations.BASE + "Questionnaire/thoracic-intake";
  /** The questionnaire's version: raise it when a question below changes. */
  static final String VERSION = "2"; // 2: the notes question (2026-12-01)
  static final String CANONICAL = URL + "|" + VERSION;
  private static final String CODES = PainObservations.BASE + "CodeSystem/";
  private static final String TRIAGE_IDS = PainObservations.BASE + "triage";
  /** FHIR's time is hh:mm:ss, seconds always written. */
  private static final DateTimeFormatter FHIR_TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  /** One question: its linkId, its wording, its type, and the options of a choice. */
  private record Question(String linkId, String text, QuestionnaireItemType type, boolean required, boolean repeats,
      List<? extends Enum<?>> options, List<Question> items) {
    static Question of(String linkId, String text, QuestionnaireItemType type, boolean required) {
      return new Question(linkId, text, type, required, false, List.of(), List.of());
    }

    /** One option of {@code options}. */
    static Question choice(String linkId, String text, Class<? extends Enum<?>> options) {
      return new Question(linkId, text, QuestionnaireItemType.CHOICE, true, false,
          Arrays.asList(options.getEnumConstants()), List.of());
    }

    /** Any number of {@code options}: none at all unless {@code required}. */
    static Question choices(String linkId, String text, boolean required, Class<? extends Enum<?>> options) {
      return new Question(linkId, text, QuestionnaireItemType.CHOICE, required, true,
          Arrays.asList(options.getEnumConstants()), List.of());
    }

    static Question group(String linkId, String text, boolean required, Question... items) {
      return new Question(linkId, text, QuestionnaireItemType.GROUP, required, false, List.of(), List.of(items));
    }
  }

  private static final List<Question> QUESTIONS = List.of(
      Question.of("age", "Your age in years", QuestionnaireItemType.INTEGER, true),
      Question.of("timezone", "Your time zone", QuestionnaireItemType.STRING, true),
      Question.of("painScore", "Your mid-back pain now, from 0 (none) to 10 (worst imaginable)",
          QuestionnaireItemType.INTEGER, true),
      Question.choice("painRegion.from", "The highest level that hurts", ThoracicLevel.class),
      Question.choice("painRegion.to", "The lowest level that hurts", ThoracicLevel.class),
      Question.choice("onset", "How the pain began", Onset.class),
      Question.of("onsetDate", "When the pain began", QuestionnaireItemType.DATE, true),
      Question.choices("aggravators", "What makes it worse", false, Aggravator.class),
      Question.choices("history", "What you have been diagnosed with or treated for", false, HistoryItem.class),
      Question.choices("symptoms", "Other symptoms you have", false, IntakeSymptom.class),
      Question.group("redFlags", "Warning signs", true,
          Question.of("redFlags.progressiveNumbness", "Numbness or weakness that is getting worse",
              QuestionnaireItemType.BOOLEAN, true),
          Question.of("redFlags.bowelBladderDysfunction", "New trouble controlling bladder or bowel",
              QuestionnaireItemType.BOOLEAN, true),
          Question.of("redFlags.fever", "Fever", QuestionnaireItemType.BOOLEAN, true),
          Question.of("redFlags.unexplainedWeightLoss", "Weight loss you cannot explain",
              QuestionnaireItemType.BOOLEAN, true),
          Question.of("redFlags.significantTrauma", "A fall, accident or blow before the pain",
              QuestionnaireItemType.BOOLEAN, true),
          Question.of("redFlags.chestPainOrBreathlessness", "Chest pain or breathlessness",
              QuestionnaireItemType.BOOLEAN, true)),
      Question.group("work", "Your work", false,
          Question.of("work.deskHoursPerDay", "Hours a day at a desk", QuestionnaireItemType.INTEGER, true),
          Question.of("work.workStart", "When your work starts", QuestionnaireItemType.TIME, true),
          Question.of("work.workEnd", "When your work ends", QuestionnaireItemType.TIME, true),
          Question.of("work.standingDesk", "You have a standing desk", QuestionnaireItemType.BOOLEAN, true),
          Question.choices("work.days", "The days you work (Monday to Friday unless named)", true,
              DayOfWeek.class)),
      Question.of("notes", "Anything else you want your clinician to know", QuestionnaireItemType.TEXT, false));

  private FhirIntake() {}

  /** The intake questionnaire. */
  static Questionnaire questionnaire() {
    Questionnaire questionnaire = new Questionnaire();
    questionnaire.setId("thoracic-intake");
    questionnaire.setUrl(URL);
    questionnaire.setVersion(VERSION);
    questionnaire.setName("ThoracicIntake");
    questionnaire.setTitle("Mid-back pain intake");
    questionnaire.setStatus(PublicationStatus.ACTIVE);
    questionnaire.addSubjectType("Patient");
    QUESTIONS.forEach(question -> questionnaire.addItem(item(question)));
    return questionnaire;
  }

  private static Questionnaire.QuestionnaireItemComponent item(Question question) {
    Questionnaire.QuestionnaireItemComponent item = new Questionnaire.QuestionnaireItemComponent()
        .setLinkId(question.linkId()).setText(question.text()).setType(question.type())
        .setRequired(question.required()).setRepeats(question.repeats());
    question.options().forEach(option -> item.addAnswerOption().setValue(coding(option)));
    question.items().forEach(child -> item.addItem(item(child)));
    return item;
  }

  /** The intake of triage {@code triageId}, submitted at {@code authored}, as answers to the questionnaire. */
  static QuestionnaireResponse response(UUID triageId, PatientId patient, Instant authored, TriageIntake intake) {
    Map<String, List<Type>> answers = new LinkedHashMap<>();
    answers.put("age", List.of(new IntegerType(intake.age())));
    answers.put("timezone", List.of(new StringType(intake.timezone().getId())));
    answers.put("painScore", List.of(new IntegerType(intake.painScore())));
    answers.put("painRegion.from", List.of(coding(intake.painRegion().from())));
    answers.put("painRegion.to", List.of(coding(intake.painRegion().to())));
    answers.put("onset", List.of(coding(intake.onset())));
    answers.put("onsetDate", List.of(new DateType(intake.onsetDate().toString())));
    answers.put("aggravators", codings(intake.aggravators()));
    answers.put("history", codings(intake.history()));
    answers.put("symptoms", codings(intake.symptoms()));
    RedFlagAnswers flags = intake.redFlags();
    answers.put("redFlags.progressiveNumbness", List.of(new BooleanType(flags.progressiveNumbness())));
    answers.put("redFlags.bowelBladderDysfunction", List.of(new BooleanType(flags.bowelBladderDysfunction())));
    answers.put("redFlags.fever", List.of(new BooleanType(flags.fever())));
    answers.put("redFlags.unexplainedWeightLoss", List.of(new BooleanType(flags.unexplainedWeightLoss())));
    answers.put("redFlags.significantTrauma", List.of(new BooleanType(flags.significantTrauma())));
    answers.put("redFlags.chestPainOrBreathlessness", List.of(new BooleanType(flags.chestPainOrBreathlessness())));
    WorkPattern work = intake.work();
    if (work != null) {
      answers.put("work.deskHoursPerDay", List.of(new IntegerType(work.deskHoursPerDay())));
      answers.put("work.workStart", List.of(new TimeType(FHIR_TIME.format(work.workStart()))));
      answers.put("work.workEnd", List.of(new TimeType(FHIR_TIME.format(work.workEnd()))));
      answers.put("work.standingDesk", List.of(new BooleanType(work.standingDesk())));
      answers.put("work.days", codings(work.days()));
    }
    if (intake.notes() != null) {
      answers.put("notes", List.of(new StringType(intake.notes())));
    }

    QuestionnaireResponse response = new QuestionnaireResponse();
    response.setId(triageId.toString());
    response.setIdentifier(new Identifier().setSystem(TRIAGE_IDS).setValue(triageId.toString()));
    response.setQuestionnaire(CANONICAL);
    response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
    response.setSubject(FhirPatients.reference(patient));
    response.setAuthoredElement(new DateTimeType(Date.from(authored)));
    for (Question question : QUESTIONS) {
      answered(question, answers).ifPresent(response::addItem);
    }
    return response;
  }

  private static Optional<QuestionnaireResponse.QuestionnaireResponseItemComponent> answered(
      Question question, Map<String, List<Type>> answers) {
    QuestionnaireResponse.QuestionnaireResponseItemComponent item =
        new QuestionnaireResponse.QuestionnaireResponseItemComponent().setLinkId(question.linkId())
            .setText(question.text());
    if (question.type() == QuestionnaireItemType.GROUP) {
      question.items().forEach(child -> answered(child, answers).ifPresent(item::addItem));
      return item.hasItem() ? Optional.of(item) : Optional.empty();
    }
    List<Type> given = answers.getOrDefault(question.linkId(), List.of());
    given.forEach(value -> item.addAnswer().setValue(value));
    return given.isEmpty() ? Optional.empty() : Optional.of(item);
  }

  private static List<Type> codings(Collection<? extends Enum<?>> values) {
    return values.stream().<Type>map(FhirIntake::coding).toList();
  }

  private static Coding coding(Enum<?> value) {
    return new Coding(CODES + codeSystem(value.getDeclaringClass()), value.name(), display(value));
  }

  /** {@code IntakeSymptom} is {@code intake-symptom}. */
  private static String codeSystem(Class<?> type) {
    return type.getSimpleName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  /** {@code MORNING_STIFFNESS_OVER_30_MIN} reads "Morning stiffness over 30 min". */
  static String display(Enum<?> value) {
    String words = value.name().replace('_', ' ').toLowerCase(Locale.ROOT);
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }
}
