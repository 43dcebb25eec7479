package care.thoracic.plan.api;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.Aggravator;
import care.thoracic.contracts.clinical.HistoryItem;
import care.thoracic.contracts.clinical.IntakeSymptom;
import care.thoracic.contracts.clinical.Onset;
import care.thoracic.contracts.clinical.RedFlagAnswers;
import care.thoracic.contracts.clinical.ThoracicLevel;
import care.thoracic.contracts.clinical.ThoracicRange;
import care.thoracic.contracts.clinical.TriageIntake;
import care.thoracic.contracts.clinical.WorkPattern;
import care.thoracic.testkit.FhirValidation;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The intake as a QuestionnaireResponse, checked by HAPI's validator against the questionnaire it answers. */
class FhirIntakeTest {
  private static final FhirContext FHIR = FhirContext.forR4();
  private static FhirValidation validation;

  @BeforeAll
  static void validator() {
    validation = new FhirValidation(FHIR, List.of(FhirIntake.questionnaire()));
  }

  private static TriageIntake everyOption(WorkPattern work) {
    return new TriageIntake(52, ZoneId.of("America/New_York"), 7, new ThoracicRange(ThoracicLevel.T1, ThoracicLevel.T12),
        Onset.SUDDEN, LocalDate.of(2026, 11, 2), EnumSet.allOf(Aggravator.class), EnumSet.allOf(HistoryItem.class),
        EnumSet.allOf(IntakeSymptom.class), new RedFlagAnswers(true, false, true, false, true, false), work,
        "Worse after long drives; ibuprofen helps a little.");
  }

  private static QuestionnaireResponse response(TriageIntake intake) {
    return FhirIntake.response(UUID.randomUUID(), PatientId.of("pat-7"), Instant.parse("2026-11-30T08:00:00Z"), intake);
  }

  @Test
  void every_option_of_every_question_is_a_valid_answer_with_or_without_work() {
    WorkPattern nights = new WorkPattern(0, LocalTime.of(22, 0), LocalTime.of(6, 30, 15), true,
        EnumSet.allOf(DayOfWeek.class));
    assertThat(validation.errors(response(everyOption(nights)))).isEmpty();
    assertThat(validation.errors(response(everyOption(null)))).isEmpty();
    assertThat(validation.errors(FhirIntake.questionnaire())).isEmpty();
    QuestionnaireResponse answered = response(everyOption(nights));
    assertThat(answered.getItem().stream().filter(i -> i.getLinkId().equals("work")).findFirst().orElseThrow()
        .getItem()).extracting(QuestionnaireResponse.QuestionnaireResponseItemComponent::getLinkId)
        .contains("work.workStart", "work.days");
    assertThat(answered.getItem()).extracting(QuestionnaireResponse.QuestionnaireResponseItemComponent::getLinkId)
        .contains("notes");
  }

  @Test
  void an_answer_the_questionnaire_does_not_offer_is_an_error() {
    QuestionnaireResponse response = response(everyOption(null));
    response.getItem().stream().filter(i -> i.getLinkId().equals("onset")).findFirst().orElseThrow()
        .getAnswerFirstRep().setValue(new Coding("https://care.thoracic/fhir/CodeSystem/onset", "OVERNIGHT", "Overnight"));
    assertThat(validation.errors(response)).isNotEmpty();
  }
}
