package care.thoracic.progress.domain;

import static care.thoracic.progress.domain.Sessions.on;
import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.clinical.ClinicalFigures.Adherence;
import care.thoracic.contracts.clinical.ClinicalFigures.MeanPain;
import care.thoracic.contracts.clinical.FlagCode;
import care.thoracic.contracts.clinical.ProgressOutcome;
import care.thoracic.contracts.clinical.Recommendation;
import care.thoracic.contracts.clinical.SessionSymptom;
import care.thoracic.contracts.clinical.Severity;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The boundaries of CLINICAL.md §5, each on both sides. */
class ProgressRulesTest {
  private final ProgressRules rules = new ProgressRules(Thresholds.CURRENT);

  @Test
  void numbness_reported_again_on_day_14_is_not_yet_persistent_on_day_15_it_is() {
    LocalDate first = Sessions.START;
    assertThat(rules.persistentNeurological(first, on(14, 4, SessionSymptom.NUMBNESS))).isEmpty();
    var finding = rules.persistentNeurological(first, on(15, 4, SessionSymptom.TINGLING)).orElseThrow();
    assertThat(finding.code()).isEqualTo(FlagCode.PERSISTENT_NEUROLOGICAL_SYMPTOMS);
    assertThat(finding.severity()).isEqualTo(Severity.HIGH);
    assertThat(finding.recommendation()).isEqualTo(Recommendation.IMAGING);
    assertThat(finding.reasons().getFirst()).contains("tingling", "15 days later", "more than 14");
    assertThat(rules.persistentNeurological(first, on(20, 4))).as("not reported that day").isEmpty();
  }

  @Test
  void no_improvement_applies_from_the_first_day_of_week_7_not_before() {
    Adherence tried = new Adherence(30, 41);
    MeanPain unchanged = new MeanPain(35, 7, 7); // mean 5 = baseline
    assertThat(rules.noImprovement(41, null, tried, 5, unchanged)).isEmpty();
    assertThat(rules.noImprovement(42, null, tried, 5, unchanged)).get()
        .satisfies(f -> assertThat(f.code()).isEqualTo(FlagCode.NO_IMPROVEMENT));
  }

  @Test
  void exactly_2_points_and_30_percent_below_baseline_is_significant_a_little_less_is_not() {
    assertThat(rules.significantImprovement(5, new MeanPain(21, 7, 7))).as("5 → 3.0: 2 points, 40%").isTrue();
    assertThat(rules.significantImprovement(5, new MeanPain(22, 7, 7))).as("5 → 3.14: 1.86 points").isFalse();
    assertThat(rules.significantImprovement(10, new MeanPain(70, 10, 10))).as("10 → 7.0: 3 points, exactly 30%").isTrue();
    assertThat(rules.significantImprovement(10, new MeanPain(71, 10, 10))).as("10 → 7.1: 29%").isFalse();
    assertThat(rules.significantImprovement(5, new MeanPain(0, 0, 0))).as("nothing logged").isFalse();
    assertThat(rules.noImprovement(42, null, new Adherence(30, 42), 5, new MeanPain(21, 7, 7))).isEmpty();
    assertThat(rules.noImprovement(42, null, new Adherence(30, 42), 5, new MeanPain(22, 7, 7))).isPresent();
  }

  @Test
  void adherence_of_50_percent_means_therapy_was_tried_49_percent_means_a_clinician_reviews_it() {
    MeanPain unchanged = new MeanPain(15, 3, 3);
    assertThat(rules.noImprovement(100, null, new Adherence(50, 100), 5, unchanged).orElseThrow().recommendation())
        .isEqualTo(Recommendation.MRI_EVALUATION);
    var untried = rules.noImprovement(100, null, new Adherence(49, 100), 5, unchanged).orElseThrow();
    assertThat(untried.recommendation()).isEqualTo(Recommendation.CLINICIAN_REVIEW);
    assertThat(untried.severity()).isEqualTo(Severity.MODERATE);
    assertThat(untried.reasons()).anyMatch(r -> r.contains("49%") && r.contains("under 50%"));
  }

  @Test
  void worsening_is_a_7_day_mean_of_baseline_plus_2_or_more() {
    assertThat(rules.worseningPain(5, null, new MeanPain(49, 7, 7))).as("mean 7.0").isPresent();
    assertThat(rules.worseningPain(5, null, new MeanPain(48, 7, 7))).as("mean 6.86").isEmpty();
    assertThat(rules.worseningPain(5, null, new MeanPain(0, 0, 0))).as("nothing logged").isEmpty();
    var finding = rules.worseningPain(5, null, new MeanPain(49, 7, 7)).orElseThrow();
    assertThat(finding.recommendation()).isEqualTo(Recommendation.CLINICIAN_REVIEW);
    assertThat(finding.reasons().getFirst()).contains("7.0", "baseline 5");
  }

  @Test
  void progressive_numbness_bowel_bladder_and_fever_with_severe_pain_are_urgent_at_once() {
    assertThat(rules.urgent(on(0, 4, SessionSymptom.PROGRESSIVE_NUMBNESS, SessionSymptom.BOWEL_BLADDER_DYSFUNCTION)))
        .extracting(ProgressRules.Escalation::code)
        .containsExactly(FlagCode.PROGRESSIVE_NUMBNESS, FlagCode.BOWEL_BLADDER_DYSFUNCTION);
    assertThat(rules.urgent(on(0, 7, SessionSymptom.FEVER))).singleElement()
        .satisfies(f -> {
          assertThat(f.code()).isEqualTo(FlagCode.FEVER_WITH_SEVERE_PAIN);
          assertThat(f.severity()).isEqualTo(Severity.URGENT);
          assertThat(f.recommendation()).isEqualTo(Recommendation.EMERGENCY_CARE);
        });
    assertThat(rules.urgent(on(0, 6, SessionSymptom.FEVER))).as("fever with pain 6").isEmpty();
    assertThat(rules.urgent(on(0, 9, SessionSymptom.NUMBNESS))).as("numbness alone waits for the 14 days").isEmpty();
  }

  @Test
  void an_assessment_says_improving_worsening_or_no_change_with_its_figures() {
    var improving = rules.assess(4, 5, new MeanPain(14, 7, 7), new Adherence(21, 28));
    assertThat(improving.outcome()).isEqualTo(ProgressOutcome.IMPROVING);
    assertThat(improving.changePoints()).isEqualTo(-3.0);
    assertThat(improving.changePercent()).isEqualTo(-60.0);
    assertThat(improving.adherence()).isEqualTo(0.75);
    assertThat(rules.assess(4, 5, new MeanPain(49, 7, 7), new Adherence(21, 28)).outcome())
        .isEqualTo(ProgressOutcome.WORSENING);
    var silent = rules.assess(4, 5, new MeanPain(0, 0, 0), new Adherence(0, 28));
    assertThat(silent.outcome()).isEqualTo(ProgressOutcome.NO_CHANGE);
    assertThat(silent.meanPain7d()).isNull();
    assertThat(silent.reasons()).anyMatch(r -> r.contains("No session in the last 7 days"));
  }
}
