package care.thoracic.triage.domain;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.clinical.Aggravator;
import care.thoracic.contracts.clinical.Disposition;
import care.thoracic.contracts.clinical.FlagCode;
import care.thoracic.contracts.clinical.HistoryItem;
import care.thoracic.contracts.clinical.IntakeSymptom;
import care.thoracic.contracts.clinical.Onset;
import care.thoracic.contracts.clinical.RedFlagAnswers;
import care.thoracic.contracts.clinical.RedFlagFinding;
import care.thoracic.contracts.clinical.Severity;
import care.thoracic.contracts.clinical.ThoracicLevel;
import care.thoracic.contracts.clinical.ThoracicRange;
import care.thoracic.contracts.clinical.TriageIntake;
import care.thoracic.contracts.clinical.WorkPattern;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TriagePropertiesTest {
  private final TriageRules rules = TriageRulesTest.RULES;

  @Property(tries = 2000, edgeCases = EdgeCasesMode.MIXIN)
  void any_intake_with_a_red_flag_is_urgent_and_never_starts_a_plan(@ForAll("intakes") TriageIntake intake) {
    TriageDecision decision = rules.decide(intake);
    boolean redFlag = hasRedFlag(intake);
    assertThat(decision.disposition() == Disposition.URGENT).isEqualTo(redFlag);
    if (redFlag) {
      assertThat(decision.disposition()).isNotIn(Disposition.SELF_CARE, Disposition.MODIFIED_CARE);
      assertThat(decision.redFlags()).isNotEmpty()
          .allSatisfy(flag -> assertThat(flag.severity()).isEqualTo(Severity.URGENT))
          .extracting(RedFlagFinding::code).doesNotContain(FlagCode.HISTORY_OF_CANCER);
    }
  }

  @Property(tries = 2000, edgeCases = EdgeCasesMode.MIXIN)
  void the_decision_is_deterministic(@ForAll("intakes") TriageIntake intake) {
    assertThat(rules.decide(intake)).isEqualTo(rules.decide(intake));
  }

  @Property(tries = 2000, edgeCases = EdgeCasesMode.MIXIN)
  void every_decision_has_reasons_and_ends_with_what_happens_next(@ForAll("intakes") TriageIntake intake) {
    TriageDecision decision = rules.decide(intake);
    assertThat(decision.reasons()).hasSizeGreaterThanOrEqualTo(2).allSatisfy(r -> assertThat(r).endsWith("."));
    assertThat(decision.suspectedConditions()).isNotEmpty();
    assertThat(decision.reasons().getLast()).containsAnyOf("emergency care", "clinician", "start your exercise plan");
  }

  @Property(tries = 2000, edgeCases = EdgeCasesMode.MIXIN)
  void a_plan_disposition_only_without_flags_and_self_care_only_when_mechanical(@ForAll("intakes") TriageIntake intake) {
    TriageDecision decision = rules.decide(intake);
    if (decision.disposition() == Disposition.SELF_CARE || decision.disposition() == Disposition.MODIFIED_CARE) {
      assertThat(decision.redFlags()).isEmpty();
    }
    if (decision.disposition() == Disposition.SELF_CARE) {
      assertThat(decision.category()).isEqualTo(care.thoracic.contracts.clinical.Category.MECHANICAL);
    }
  }

  private static boolean hasRedFlag(TriageIntake intake) {
    RedFlagAnswers a = intake.redFlags();
    return a.progressiveNumbness() || a.bowelBladderDysfunction() || (a.fever() && intake.painScore() >= 7)
        || a.unexplainedWeightLoss() || a.significantTrauma() || a.chestPainOrBreathlessness();
  }

  @Provide
  Arbitrary<TriageIntake> intakes() {
    Arbitrary<ThoracicRange> regions = Arbitraries.of(ThoracicLevel.class).tuple2()
        .map(t -> t.get1().compareTo(t.get2()) <= 0 ? new ThoracicRange(t.get1(), t.get2())
            : new ThoracicRange(t.get2(), t.get1()));
    Arbitrary<RedFlagAnswers> redFlags = Arbitraries.integers().between(0, 63).map(bits -> new RedFlagAnswers(
        (bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0, (bits & 16) != 0, (bits & 32) != 0))
        // most real intakes have no red flag; keep plenty of those
        .injectDuplicates(0.2);
    Arbitrary<WorkPattern> work = Arbitraries.integers().between(0, 12)
        .map(hours -> new WorkPattern(hours, LocalTime.of(9, 0), LocalTime.of(17, 0), hours % 2 == 0))
        .injectNull(0.3);
    return Combinators.combine(
            Arbitraries.integers().between(5, 120),
            Arbitraries.integers().between(0, 10),
            regions,
            Arbitraries.of(Onset.class),
            Arbitraries.subsetOf(Aggravator.values()),
            Arbitraries.subsetOf(HistoryItem.values()),
            Arbitraries.subsetOf(IntakeSymptom.values()),
            Combinators.combine(redFlags, work).as(Answers::new))
        .as((age, pain, region, onset, aggravators, history, symptoms, answers) -> new TriageIntake(age,
            ZoneId.of("Europe/Berlin"), pain, region, onset, LocalDate.of(2026, 11, 1), aggravators, history, symptoms,
            answers.redFlags(), answers.work(), null));
  }

  private record Answers(RedFlagAnswers redFlags, WorkPattern work) {}
}
