package care.thoracic.progress.domain;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.ClinicalFigures;
import care.thoracic.contracts.clinical.ClinicalFigures.Adherence;
import care.thoracic.contracts.clinical.ClinicalFigures.MeanPain;
import care.thoracic.contracts.clinical.ClinicalFigures.PainScore;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** What must hold for any sessions: adherence is a share of real days, trends stay within the scores. */
class ProgressFiguresPropertiesTest {
  private static final LocalDate START = LocalDate.of(2026, 1, 5);
  private final ProgressRules rules = new ProgressRules(Thresholds.CURRENT);

  private static List<LocalDate> days(Set<Integer> offsets) {
    return offsets.stream().map(START::plusDays).toList();
  }

  @Property
  void adherence_is_between_0_and_1_and_counts_only_days_of_the_period(
      @ForAll @Size(max = 60) Set<@IntRange(min = -10, max = 80) Integer> sessionDays,
      @ForAll @IntRange(min = 0, max = 70) int today) {
    Adherence adherence = ClinicalFigures.adherence(days(sessionDays), START, START.plusDays(today),
        START.plusDays(today));
    assertThat(adherence.daysWithSession()).isBetween(0, adherence.daysElapsed());
    assertThat(adherence.daysElapsed()).isBetween(today, today + 1);
    assertThat(adherence.fraction()).isBetween(0.0, 1.0);
    long inPeriod = sessionDays.stream().filter(d -> d >= 0 && d <= today).count();
    assertThat(adherence.daysWithSession()).isEqualTo((int) inPeriod);
  }

  @Property
  void logging_a_session_today_never_lowers_adherence(
      @ForAll @Size(max = 60) Set<@IntRange(min = 0, max = 60) Integer> sessionDays,
      @ForAll @IntRange(min = 0, max = 60) int today) {
    LocalDate day = START.plusDays(today);
    List<LocalDate> before = days(sessionDays);
    List<LocalDate> after = new ArrayList<>(before);
    after.add(day);
    assertThat(ClinicalFigures.adherence(after, START, day, day).fraction())
        .isGreaterThanOrEqualTo(ClinicalFigures.adherence(before, START, day, day).fraction());
  }

  /** The line a chart draws and the rule that decides are one: a mean is significant exactly when it is on or under it. */
  @Property
  void a_mean_is_a_significant_improvement_exactly_when_it_is_at_or_under_the_improvement_line(
      @ForAll @IntRange(min = 0, max = 10) int baseline,
      @ForAll @IntRange(min = 1, max = 21) int count,
      @ForAll @IntRange(min = 0, max = 210) int sum) {
    MeanPain mean = new MeanPain(Math.min(sum, 10 * count), count, ClinicalFigures.MINIMUM_PAIN_DAYS);
    assertThat(rules.significantImprovement(baseline, mean))
        .isEqualTo(mean.value() <= rules.improvementLine(baseline));
  }

  @Property
  void the_7_day_mean_lies_within_the_scores_of_those_7_days(
      @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 10) Integer> pains,
      @ForAll @IntRange(min = 0, max = 40) int today) {
    List<PainScore> scores = new ArrayList<>();
    for (int i = 0; i < pains.size(); i++) {
      scores.add(new PainScore(START.plusDays(i), pains.get(i)));
    }
    MeanPain mean = ClinicalFigures.meanPain7d(scores, START.plusDays(today));
    List<Integer> window = new ArrayList<>();
    for (int i = Math.max(0, today - 6); i <= Math.min(today, pains.size() - 1); i++) {
      window.add(pains.get(i));
    }
    assertThat(mean.count()).isEqualTo(window.size());
    if (!window.isEmpty()) {
      assertThat(mean.value()).isBetween((double) window.stream().min(Integer::compare).orElseThrow(),
          (double) window.stream().max(Integer::compare).orElseThrow());
    }
  }

  @Property
  void significant_improvement_means_2_points_and_30_percent_below_on_three_days_and_never_worsening_too(
      @ForAll @IntRange(min = 0, max = 10) int baseline,
      @ForAll @Size(min = 1, max = 14) List<@IntRange(min = 0, max = 10) Integer> pains) {
    MeanPain mean = new MeanPain(pains.stream().mapToInt(Integer::intValue).sum(), pains.size(), pains.size());
    boolean improved = rules.significantImprovement(baseline, mean);
    double drop = baseline - mean.value();
    assertThat(improved).isEqualTo(mean.days() >= ClinicalFigures.MINIMUM_PAIN_DAYS && drop >= 2 - 1e-9
        && drop >= 0.3 * baseline - 1e-9);
    assertThat(improved && rules.worseningPain(baseline, null, mean).isPresent()).isFalse();
  }

  /** The at-risk list and the plan's report give one answer: the list keeps what the report says. */
  @Property
  void the_at_risk_list_keeps_the_reasons_and_figures_of_the_plans_report(
      @ForAll @Size(max = 40) Map<@IntRange(min = -2, max = 40) Integer, @IntRange(min = 0, max = 10) Integer> painByDay,
      @ForAll @IntRange(min = 0, max = 10) int baseline,
      @ForAll @IntRange(min = 0, max = 45) int today,
      @ForAll @IntRange(min = 0, max = 3) int openFlags,
      @ForAll boolean urgent) {
    List<PainScore> scores = painByDay.entrySet().stream().filter(e -> e.getKey() <= today)
        .map(e -> new PainScore(START.plusDays(e.getKey()), e.getValue())).toList();
    List<ProgressReport.Flag> flags = new ArrayList<>();
    for (int i = 0; i < openFlags; i++) {
      flags.add(new ProgressReport.Flag(UUID.randomUUID(), "WORSENING_PAIN", urgent && i == 0 ? "URGENT" : "HIGH",
          "CLINICIAN_REVIEW", List.of()));
    }
    UUID resolved = UUID.randomUUID();
    flags.add(new ProgressReport.Flag(resolved, "NO_IMPROVEMENT", "URGENT", "CLINICIAN_REVIEW", List.of()));
    PlanFacts plan = new PlanFacts(UUID.randomUUID(), PatientId.of("pat-1"), PlanFacts.Status.ACTIVE, baseline, START,
        ZoneId.of("Europe/Berlin"), Set.of(resolved), List.of());
    LocalDate day = START.plusDays(today);

    ProgressReport report = ProgressReport.of(plan, List.of(), scores, flags, null, day, rules);
    Optional<PlanRisk> risk = ProgressReport.risk(plan, scores.stream().map(PainScore::day).toList(),
        scores.stream().filter(score -> !score.day().isBefore(day.minusDays(6))).toList(), flags, day, rules);

    assertThat(risk.map(PlanRisk::reasons).orElse(List.of())).isEqualTo(report.riskReasons());
    risk.ifPresent(kept -> {
      assertThat(kept.openFlags()).isEqualTo(report.openFlags().size()).isEqualTo(openFlags);
      assertThat(kept.urgentFlag()).isEqualTo(urgent && openFlags > 0);
      assertThat(kept.adherence()).isEqualTo(report.adherence());
      assertThat(kept.meanPain7d()).isEqualTo(report.meanPain7d());
      assertThat(kept.baselinePain()).isEqualTo(baseline);
    });
  }
}
