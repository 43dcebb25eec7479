package care.thoracic.triage.domain;

import static care.thoracic.contracts.clinical.Category.MECHANICAL;
import static care.thoracic.contracts.clinical.Category.STRUCTURAL;
import static care.thoracic.contracts.clinical.Category.SYSTEMIC;
import static care.thoracic.contracts.clinical.Disposition.MODIFIED_CARE;
import static care.thoracic.contracts.clinical.Disposition.REFER;
import static care.thoracic.contracts.clinical.Disposition.SELF_CARE;
import static care.thoracic.contracts.clinical.Disposition.URGENT;
import static care.thoracic.contracts.clinical.SuspectedCondition.COMPRESSION_FRACTURE;
import static care.thoracic.contracts.clinical.SuspectedCondition.DEGENERATIVE_DISC_DISEASE;
import static care.thoracic.contracts.clinical.SuspectedCondition.FIBROMYALGIA;
import static care.thoracic.contracts.clinical.SuspectedCondition.GERD_MIMIC;
import static care.thoracic.contracts.clinical.SuspectedCondition.POSTURAL_STRAIN;
import static care.thoracic.contracts.clinical.SuspectedCondition.RHEUMATOID_ARTHRITIS;
import static care.thoracic.contracts.clinical.SuspectedCondition.SCHEUERMANN;
import static care.thoracic.contracts.clinical.ThoracicLevel.T1;
import static care.thoracic.contracts.clinical.ThoracicLevel.T10;
import static care.thoracic.contracts.clinical.ThoracicLevel.T11;
import static care.thoracic.contracts.clinical.ThoracicLevel.T12;
import static care.thoracic.contracts.clinical.ThoracicLevel.T5;
import static care.thoracic.contracts.clinical.ThoracicLevel.T6;
import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.clinical.Aggravator;
import care.thoracic.contracts.clinical.Category;
import care.thoracic.contracts.clinical.Disposition;
import care.thoracic.contracts.clinical.FlagCode;
import care.thoracic.contracts.clinical.HistoryItem;
import care.thoracic.contracts.clinical.IntakeSymptom;
import care.thoracic.contracts.clinical.Recommendation;
import care.thoracic.contracts.clinical.RedFlagFinding;
import care.thoracic.contracts.clinical.Severity;
import care.thoracic.contracts.clinical.SuspectedCondition;
import care.thoracic.triage.config.TriageBeans;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One row per rule and per precedence case of CLINICAL.md §2, with the shipped rule set. */
class TriageRulesTest {
  static final TriageRules RULES = new TriageRules(TriageBeans.loadRuleSet());

  record Case(String name, Intakes intake, Category category, Disposition disposition,
      List<SuspectedCondition> conditions, List<FlagCode> flags) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        // Rule 1: each red flag alone is URGENT, with its own flag
        new Case("progressive numbness", Intakes.mechanical().progressiveNumbness(), MECHANICAL, URGENT,
            List.of(POSTURAL_STRAIN), List.of(FlagCode.PROGRESSIVE_NUMBNESS)),
        new Case("bowel or bladder", Intakes.mechanical().bowelBladder(), MECHANICAL, URGENT,
            List.of(POSTURAL_STRAIN), List.of(FlagCode.BOWEL_BLADDER_DYSFUNCTION)),
        new Case("fever with pain 7", Intakes.mechanical().fever().pain(7), MECHANICAL, URGENT,
            List.of(POSTURAL_STRAIN), List.of(FlagCode.FEVER_WITH_SEVERE_PAIN)),
        new Case("fever with pain 6 is no red flag, but REFER", Intakes.mechanical().fever().pain(6), MECHANICAL, REFER,
            List.of(POSTURAL_STRAIN), List.of()),
        new Case("unexplained weight loss", Intakes.mechanical().weightLoss(), MECHANICAL, URGENT,
            List.of(POSTURAL_STRAIN), List.of(FlagCode.UNEXPLAINED_WEIGHT_LOSS)),
        new Case("significant trauma", Intakes.mechanical().trauma(), MECHANICAL, URGENT,
            List.of(POSTURAL_STRAIN), List.of(FlagCode.SIGNIFICANT_TRAUMA)),
        new Case("chest pain or breathlessness", Intakes.mechanical().chestPain(), MECHANICAL, URGENT,
            List.of(POSTURAL_STRAIN), List.of(FlagCode.CHEST_PAIN_OR_BREATHLESSNESS)),
        new Case("every red flag at once, in intake order",
            Intakes.mechanical().progressiveNumbness().bowelBladder().fever().pain(9).weightLoss().trauma().chestPain(),
            MECHANICAL, URGENT, List.of(POSTURAL_STRAIN), List.of(FlagCode.PROGRESSIVE_NUMBNESS,
                FlagCode.BOWEL_BLADDER_DYSFUNCTION, FlagCode.FEVER_WITH_SEVERE_PAIN, FlagCode.UNEXPLAINED_WEIGHT_LOSS,
                FlagCode.SIGNIFICANT_TRAUMA, FlagCode.CHEST_PAIN_OR_BREATHLESSNESS)),
        // Rule 2: history of cancer
        new Case("history of cancer", Intakes.mechanical().history(HistoryItem.CANCER), MECHANICAL, REFER,
            List.of(POSTURAL_STRAIN), List.of(FlagCode.HISTORY_OF_CANCER)),
        new Case("cancer with a red flag: URGENT, cancer not flagged on top",
            Intakes.mechanical().history(HistoryItem.CANCER).trauma(), MECHANICAL, URGENT, List.of(POSTURAL_STRAIN),
            List.of(FlagCode.SIGNIFICANT_TRAUMA)),
        new Case("cancer keeps its category from rules 3-5",
            Intakes.mechanical().history(HistoryItem.CANCER, HistoryItem.DEGENERATIVE_DISC_DISEASE), STRUCTURAL, REFER,
            List.of(DEGENERATIVE_DISC_DISEASE), List.of(FlagCode.HISTORY_OF_CANCER)),
        // Rule 3: systemic
        new Case("rheumatoid arthritis by history", Intakes.mechanical().history(HistoryItem.RHEUMATOID_ARTHRITIS),
            SYSTEMIC, REFER, List.of(RHEUMATOID_ARTHRITIS), List.of()),
        new Case("rheumatoid arthritis by stiffness and joints", Intakes.mechanical()
            .symptoms(IntakeSymptom.MORNING_STIFFNESS_OVER_30_MIN, IntakeSymptom.MULTIPLE_JOINT_PAIN), SYSTEMIC, REFER,
            List.of(RHEUMATOID_ARTHRITIS), List.of()),
        new Case("morning stiffness alone is not enough",
            Intakes.mechanical().symptoms(IntakeSymptom.MORNING_STIFFNESS_OVER_30_MIN), MECHANICAL, SELF_CARE,
            List.of(POSTURAL_STRAIN), List.of()),
        new Case("fibromyalgia by history", Intakes.mechanical().history(HistoryItem.FIBROMYALGIA), SYSTEMIC, REFER,
            List.of(FIBROMYALGIA), List.of()),
        new Case("fibromyalgia by widespread pain and tender points",
            Intakes.mechanical().symptoms(IntakeSymptom.WIDESPREAD_PAIN, IntakeSymptom.TENDER_POINTS), SYSTEMIC, REFER,
            List.of(FIBROMYALGIA), List.of()),
        new Case("GERD worse after meals at T5-T8 (overlaps T6-T10)",
            Intakes.mechanical().history(HistoryItem.GERD).aggravatedBy(Aggravator.MEALS), SYSTEMIC, REFER,
            List.of(GERD_MIMIC), List.of()),
        new Case("heartburn worse lying down at T10-T12 (touches T10)", Intakes.mechanical().region(T10, T12)
            .symptoms(IntakeSymptom.HEARTBURN).aggravatedBy(Aggravator.LYING_DOWN), SYSTEMIC, REFER,
            List.of(GERD_MIMIC), List.of()),
        new Case("GERD outside T6-T10 (T1-T5) is not a mimic", Intakes.mechanical().region(T1, T5)
            .history(HistoryItem.GERD).aggravatedBy(Aggravator.MEALS), MECHANICAL, SELF_CARE, List.of(POSTURAL_STRAIN),
            List.of()),
        new Case("GERD outside T6-T10 (T11-T12) is not a mimic", Intakes.mechanical().region(T11, T12)
            .history(HistoryItem.GERD).aggravatedBy(Aggravator.MEALS), MECHANICAL, SELF_CARE, List.of(POSTURAL_STRAIN),
            List.of()),
        new Case("GERD not worse after meals or lying down is not a mimic",
            Intakes.mechanical().region(T6, T10).history(HistoryItem.GERD), MECHANICAL, SELF_CARE,
            List.of(POSTURAL_STRAIN), List.of()),
        // Rule 4: structural
        new Case("compression fracture at 50", Intakes.mechanical().age(50).history(HistoryItem.OSTEOPOROSIS).sudden(),
            STRUCTURAL, MODIFIED_CARE, List.of(COMPRESSION_FRACTURE), List.of()),
        new Case("no compression fracture at 49", Intakes.mechanical().age(49).history(HistoryItem.OSTEOPOROSIS).sudden(),
            MECHANICAL, SELF_CARE, List.of(POSTURAL_STRAIN), List.of()),
        new Case("compression fracture on long-term steroids",
            Intakes.mechanical().age(72).history(HistoryItem.LONG_TERM_STEROIDS).sudden(), STRUCTURAL, MODIFIED_CARE,
            List.of(COMPRESSION_FRACTURE), List.of()),
        new Case("no compression fracture with gradual onset",
            Intakes.mechanical().age(72).history(HistoryItem.OSTEOPOROSIS), MECHANICAL, SELF_CARE,
            List.of(POSTURAL_STRAIN), List.of()),
        new Case("Scheuermann at 10", Intakes.mechanical().age(10).symptoms(IntakeSymptom.PROGRESSIVE_KYPHOSIS),
            STRUCTURAL, MODIFIED_CARE, List.of(SCHEUERMANN), List.of()),
        new Case("Scheuermann at 25 by history", Intakes.mechanical().age(25).history(HistoryItem.SCHEUERMANN),
            STRUCTURAL, MODIFIED_CARE, List.of(SCHEUERMANN), List.of()),
        new Case("no Scheuermann at 9", Intakes.mechanical().age(9).symptoms(IntakeSymptom.PROGRESSIVE_KYPHOSIS),
            MECHANICAL, SELF_CARE, List.of(POSTURAL_STRAIN), List.of()),
        new Case("no Scheuermann at 26", Intakes.mechanical().age(26).symptoms(IntakeSymptom.PROGRESSIVE_KYPHOSIS),
            MECHANICAL, SELF_CARE, List.of(POSTURAL_STRAIN), List.of()),
        new Case("degenerative disc disease", Intakes.mechanical().history(HistoryItem.DEGENERATIVE_DISC_DISEASE),
            STRUCTURAL, MODIFIED_CARE, List.of(DEGENERATIVE_DISC_DISEASE), List.of()),
        // Rule 5 and precedence
        new Case("mechanical", Intakes.mechanical(), MECHANICAL, SELF_CARE, List.of(POSTURAL_STRAIN), List.of()),
        new Case("systemic beats structural, both listed", Intakes.mechanical()
            .history(HistoryItem.FIBROMYALGIA, HistoryItem.DEGENERATIVE_DISC_DISEASE), SYSTEMIC, REFER,
            List.of(FIBROMYALGIA, DEGENERATIVE_DISC_DISEASE), List.of()),
        new Case("red flag beats systemic and structural, all listed", Intakes.mechanical().chestPain()
            .history(HistoryItem.RHEUMATOID_ARTHRITIS, HistoryItem.DEGENERATIVE_DISC_DISEASE), SYSTEMIC, URGENT,
            List.of(RHEUMATOID_ARTHRITIS, DEGENERATIVE_DISC_DISEASE), List.of(FlagCode.CHEST_PAIN_OR_BREATHLESSNESS)),
        new Case("structural beats mechanical aggravators", Intakes.mechanical().aggravatedBy(Aggravator.PHONE_USE)
            .history(HistoryItem.DEGENERATIVE_DISC_DISEASE), STRUCTURAL, MODIFIED_CARE,
            List.of(DEGENERATIVE_DISC_DISEASE), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides_as_clinical_section_2_says(Case c) {
    TriageDecision decision = RULES.decide(c.intake().build());
    assertThat(decision.category()).as("category").isEqualTo(c.category());
    assertThat(decision.disposition()).as("disposition").isEqualTo(c.disposition());
    assertThat(decision.suspectedConditions()).as("suspected conditions").containsExactlyElementsOf(c.conditions());
    assertThat(decision.redFlags()).extracting(RedFlagFinding::code).as("flags").containsExactlyElementsOf(c.flags());
    assertThat(decision.reasons()).isNotEmpty();
    assertThat(decision.rulesVersion()).isEqualTo("triage-rules-2026.11");
  }

  static Stream<Arguments> severities() {
    return Stream.of(
        Arguments.of(Intakes.mechanical().trauma(), Severity.URGENT, Recommendation.EMERGENCY_CARE),
        Arguments.of(Intakes.mechanical().history(HistoryItem.CANCER), Severity.HIGH, Recommendation.CLINICIAN_REVIEW));
  }

  @ParameterizedTest
  @MethodSource("severities")
  void red_flags_are_urgent_and_a_history_of_cancer_is_high_with_clinician_review(Intakes intake, Severity severity,
      Recommendation recommendation) {
    assertThat(RULES.decide(intake.build()).redFlags())
        .singleElement().satisfies(flag -> {
          assertThat(flag.severity()).isEqualTo(severity);
          assertThat(flag.recommendation()).isEqualTo(recommendation);
        });
  }

  @Test
  void reasons_explain_in_plain_words_what_was_found_and_what_happens_next() {
    List<String> mechanical = RULES.decide(Intakes.mechanical().aggravatedBy(Aggravator.PHONE_USE).build()).reasons();
    assertThat(mechanical).contains(
        "None of the warning signs that need emergency care were reported.",
        "It gets worse with phone use: looking down at a screen rounds the shoulders.",
        "You can start your exercise plan now.");
    assertThat(mechanical).anyMatch(r -> r.contains("7 hours a day at a desk"));

    List<String> fever = RULES.decide(Intakes.mechanical().fever().pain(8).build()).reasons();
    assertThat(fever.getFirst()).contains("fever").contains("8 out of 10");
    assertThat(fever.getLast()).contains("emergency care");
    assertThat(fever).noneMatch(r -> r.contains("None of the warning signs"));

    assertThat(RULES.decide(Intakes.mechanical().region(T6, T10).history(HistoryItem.GERD)
        .aggravatedBy(Aggravator.LYING_DOWN).build()).reasons()).anyMatch(r -> r.contains("T6-T10"));
  }
}
