package care.thoracic.progress.domain;

import care.thoracic.contracts.Nullable;
import care.thoracic.contracts.clinical.ClinicalFigures;
import care.thoracic.contracts.clinical.ClinicalFigures.Adherence;
import care.thoracic.contracts.clinical.ClinicalFigures.MeanPain;
import care.thoracic.contracts.clinical.ClinicalFigures.PainScore;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.ProgressOutcome;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A plan's progress as the patient's app and the clinician see it on a given day: adherence
 * overall, per plan week and per phase; the 7-day mean pain series against baseline with the
 * change in points and percent; streaks; open and resolved flags; the latest assessment; and why
 * the plan is at risk, if it is. Computed from the projection on each read, so it is right for today.
 */
public record ProgressReport(
    UUID planId,
    String patientId,
    PlanFacts.Status status,
    LocalDate asOf,
    int baselinePain,
    @Nullable LocalDate startedOn,
    @Nullable Percent adherence,
    List<Period> weeks,
    List<Period> phases,
    @Nullable Double meanPain7d,
    @Nullable Double changePoints,
    @Nullable Double changePercent,
    boolean significantImprovement,
    double improvementLine,
    List<PainPoint> painSeries,
    Streaks streaks,
    int sessionsLogged,
    List<Flag> openFlags,
    List<Flag> resolvedFlags,
    @Nullable AssessmentSummary latestAssessment,
    List<String> riskReasons,
    String rulesVersion) {

  public record Percent(int daysWithSession, int daysElapsed, int percent) {
    static Percent of(Adherence adherence) {
      return adherence.daysElapsed() == 0 ? null
          : new Percent(adherence.daysWithSession(), adherence.daysElapsed(), adherence.percent());
    }
  }

  /** A plan week (1, 2, …) or a phase, from its first day to its last (or today). */
  public record Period(String name, LocalDate from, LocalDate to, @Nullable Percent adherence) {}

  /** The 7-day mean pain on a day that has one, against the baseline. */
  public record PainPoint(LocalDate day, double meanPain7d, int baselinePain) {}

  /** Consecutive days with a session: the run still going (ending today or yesterday), and the longest. */
  public record Streaks(int current, int longest) {}

  public record Flag(UUID flagId, String code, String severity, String recommendation, List<String> reasons) {}

  public record AssessmentSummary(int planWeek, ProgressOutcome outcome, @Nullable Double meanPain7d, double adherence) {}

  /** When a phase began, from the plan events. */
  public record PhaseStart(Phase phase, LocalDate from) {}

  public static ProgressReport of(PlanFacts plan, List<PhaseStart> phaseStarts, List<PainScore> scores,
      List<Flag> flags, @Nullable AssessmentSummary latest, LocalDate today, ProgressRules rules) {
    List<LocalDate> days = scores.stream().map(PainScore::day).toList();
    LocalDate start = plan.startedOn();
    List<Period> weeks = new ArrayList<>();
    List<Period> phases = new ArrayList<>();
    List<PainPoint> series = new ArrayList<>();
    if (start != null && !today.isBefore(start)) {
      for (LocalDate from = start; !from.isAfter(today); from = from.plusDays(7)) {
        LocalDate to = from.plusDays(6);
        weeks.add(new Period("week " + (weeks.size() + 1), from, to.isAfter(today) ? today : to,
            Percent.of(ClinicalFigures.adherence(days, from, to, today))));
      }
      List<PhaseStart> ordered = phaseStarts.stream().sorted(Comparator.comparing(PhaseStart::from)).toList();
      for (int i = 0; i < ordered.size(); i++) {
        LocalDate from = ordered.get(i).from();
        LocalDate to = i + 1 < ordered.size() ? ordered.get(i + 1).from().minusDays(1) : today;
        if (!from.isAfter(today)) {
          phases.add(new Period(ordered.get(i).phase().name(), from, to.isAfter(today) ? today : to,
              Percent.of(ClinicalFigures.adherence(days, from, to, today))));
        }
      }
      for (LocalDate day = start; !day.isAfter(today); day = day.plusDays(1)) {
        MeanPain mean = ClinicalFigures.meanPain7d(scores, day);
        if (mean.known()) {
          series.add(new PainPoint(day, mean.value(), plan.baselinePain()));
        }
      }
    }
    Adherence overall = overallAdherence(plan, days, today);
    MeanPain mean = ClinicalFigures.meanPain7d(scores, today);
    Double change = mean.known() ? mean.value() - plan.baselinePain() : null;
    Double percent = mean.known() && plan.baselinePain() > 0 ? 100.0 * change / plan.baselinePain() : null;
    List<Flag> open = flags.stream().filter(f -> !plan.resolvedFlagIds().contains(f.flagId())).toList();
    List<Flag> resolved = flags.stream().filter(f -> plan.resolvedFlagIds().contains(f.flagId())).toList();
    return new ProgressReport(plan.planId(), plan.patientId().value(), plan.status(), today, plan.baselinePain(), start,
        Percent.of(overall), weeks, phases, mean.value(), change, percent,
        rules.significantImprovement(plan.baselinePain(), mean), rules.improvementLine(plan.baselinePain()), series,
        streaks(days, today), scores.size(), open, resolved, latest,
        riskReasons(open, overall, mean, plan.baselinePain(), rules.thresholds()), rules.thresholds().version());
  }

  /**
   * The plan's risk on {@code today}, as {@link #of} gives its reasons, without the rest of the
   * report (its daily series and periods): what the clinic's at-risk list keeps for each plan. It
   * needs the days with a session and only the pain scores of the week to {@code today}.
   */
  public static Optional<PlanRisk> risk(PlanFacts plan, Collection<LocalDate> sessionDays, List<PainScore> recentScores,
      List<Flag> flags, LocalDate today, ProgressRules rules) {
    Adherence overall = overallAdherence(plan, sessionDays, today);
    MeanPain mean = ClinicalFigures.meanPain7d(recentScores, today);
    List<Flag> open = flags.stream().filter(f -> !plan.resolvedFlagIds().contains(f.flagId())).toList();
    List<String> reasons = riskReasons(open, overall, mean, plan.baselinePain(), rules.thresholds());
    return reasons.isEmpty() ? Optional.empty() : Optional.of(new PlanRisk(reasons, open.size(),
        open.stream().anyMatch(f -> f.severity().equals("URGENT")), Percent.of(overall), mean.value(),
        plan.baselinePain()));
  }

  /** Adherence from the plan's first day to {@code today}; none elapsed before it starts. */
  private static Adherence overallAdherence(PlanFacts plan, Collection<LocalDate> sessionDays, LocalDate today) {
    LocalDate start = plan.startedOn();
    return start == null || today.isBefore(start) ? new Adherence(0, 0)
        : ClinicalFigures.adherence(sessionDays, start, today, today);
  }

  /** Why a plan is at risk: an open flag, adherence under the threshold after a week, pain worsening. */
  private static List<String> riskReasons(List<Flag> open, Adherence overall, MeanPain mean, int baselinePain,
      Thresholds thresholds) {
    List<String> risks = new ArrayList<>();
    if (!open.isEmpty()) {
      risks.add(open.size() + " open flag(s): " + String.join(", ", open.stream().map(Flag::code).toList()) + ".");
    }
    if (overall.daysElapsed() >= 7 && !overall.atLeastPercent(thresholds.atRiskAdherencePercent())) {
      risks.add(String.format(Locale.ROOT, "Adherence %d%% (%d of %d days) is under %d%%.", overall.percent(),
          overall.daysWithSession(), overall.daysElapsed(), thresholds.atRiskAdherencePercent()));
    }
    if (mean.aboveBaselineBy(baselinePain, thresholds.worseningPoints())) {
      risks.add(String.format(Locale.ROOT, "Pain is worsening: 7-day mean %.1f, baseline %d.", mean.value(),
          baselinePain));
    }
    return risks;
  }

  static Streaks streaks(List<LocalDate> sessionDays, LocalDate today) {
    Set<LocalDate> days = new HashSet<>(sessionDays);
    int longest = 0;
    for (LocalDate day : days) {
      if (!days.contains(day.minusDays(1))) { // a run starts here
        int length = 0;
        while (days.contains(day.plusDays(length))) {
          length++;
        }
        longest = Math.max(longest, length);
      }
    }
    LocalDate end = days.contains(today) ? today : today.minusDays(1);
    int current = 0;
    while (days.contains(end.minusDays(current))) {
      current++;
    }
    return new Streaks(current, longest);
  }
}
