package care.thoracic.progress.domain;

import care.thoracic.contracts.clinical.FlagCode;
import care.thoracic.contracts.clinical.ProgressOutcome;
import care.thoracic.contracts.clinical.Recommendation;
import care.thoracic.contracts.clinical.SessionSymptom;
import care.thoracic.contracts.clinical.Severity;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.progress.domain.ProgressFigures.Adherence;
import care.thoracic.progress.domain.ProgressFigures.MeanPain;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The escalation rules of CLINICAL.md §5 as pure functions: each says what it found and why, in
 * words a clinician reads in the inbox. Whether a escalation becomes a flag (no second open flag of
 * a code for one plan) is the {@link PlanProgress} decider's business.
 */
public final class ProgressRules {
  /** Symptoms that, still reported two weeks on, need imaging. */
  public static final Set<SessionSymptom> NEUROLOGICAL =
      EnumSet.of(SessionSymptom.NUMBNESS, SessionSymptom.TINGLING, SessionSymptom.WEAKNESS);

  private final Thresholds thresholds;

  public ProgressRules(Thresholds thresholds) {
    this.thresholds = thresholds;
  }

  public Thresholds thresholds() {
    return thresholds;
  }

  /** A warning sign the rules found, with what it asks of the clinic. */
  public record Escalation(FlagCode code, Severity severity, Recommendation recommendation, List<String> reasons) {}

  /** Signs in one session that never wait: each raises its URGENT flag at once. */
  public List<Escalation> urgent(SessionLogged session) {
    List<Escalation> escalations = new ArrayList<>();
    String on = " reported with the session of " + session.performedOn() + ".";
    if (session.symptoms().contains(SessionSymptom.PROGRESSIVE_NUMBNESS)) {
      escalations.add(emergency(FlagCode.PROGRESSIVE_NUMBNESS, "Progressive numbness" + on));
    }
    if (session.symptoms().contains(SessionSymptom.BOWEL_BLADDER_DYSFUNCTION)) {
      escalations.add(emergency(FlagCode.BOWEL_BLADDER_DYSFUNCTION, "Bowel or bladder dysfunction" + on));
    }
    int worstPain = Math.max(session.painBefore(), session.painAfter());
    if (session.symptoms().contains(SessionSymptom.FEVER) && worstPain >= thresholds.feverPain()) {
      escalations.add(emergency(FlagCode.FEVER_WITH_SEVERE_PAIN, String.format(Locale.ROOT,
          "Fever with pain %d (at least %d)%s", worstPain, thresholds.feverPain(), on)));
    }
    return escalations;
  }

  /**
   * Numbness, tingling or weakness still reported more than the persistence period after it was
   * first reported: on day 14 it is not yet persistent, on day 15 it is.
   */
  public Optional<Escalation> persistentNeurological(LocalDate firstReported, SessionLogged session) {
    Set<SessionSymptom> reported = EnumSet.noneOf(SessionSymptom.class);
    reported.addAll(session.symptoms());
    reported.retainAll(NEUROLOGICAL);
    long days = ChronoUnit.DAYS.between(firstReported, session.performedOn());
    if (reported.isEmpty() || days <= thresholds.neurologicalPersistenceDays()) {
      return Optional.empty();
    }
    return Optional.of(new Escalation(FlagCode.PERSISTENT_NEUROLOGICAL_SYMPTOMS, Severity.HIGH, Recommendation.IMAGING,
        List.of(String.format(Locale.ROOT, "Neurological symptoms (%s) first reported on %s and still reported on %s, %d days later (more "
            + "than %d).", names(reported), firstReported, session.performedOn(), days,
            thresholds.neurologicalPersistenceDays()), version())));
  }

  /**
   * Six weeks or more into the plan without significant improvement. Therapy that was really
   * tried (adherence at least 50%) points to an MRI; otherwise a clinician should talk it through.
   */
  public Optional<Escalation> noImprovement(int daysIntoPlan, Adherence adherence, int baseline, MeanPain mean) {
    if (daysIntoPlan < thresholds.noImprovementAfterDays() || significantImprovement(baseline, mean)) {
      return Optional.empty();
    }
    boolean tried = adherence.atLeastPercent(thresholds.triedAdherencePercent());
    List<String> reasons = new ArrayList<>();
    reasons.add(String.format(Locale.ROOT, "%d days into the plan (%d or more) without significant improvement: %s.",
        daysIntoPlan, thresholds.noImprovementAfterDays(), painAgainstBaseline(baseline, mean)));
    reasons.add(String.format(Locale.ROOT, "Adherence %d%% (%d of %d days) is %s %d%%: %s.", adherence.percent(),
        adherence.daysWithSession(), adherence.daysElapsed(), tried ? "at least" : "under",
        thresholds.triedAdherencePercent(), tried ? "therapy was tried, so imaging is next"
            : "therapy was not really tried, so a clinician reviews it first"));
    reasons.add(version());
    return Optional.of(new Escalation(FlagCode.NO_IMPROVEMENT, Severity.MODERATE,
        tried ? Recommendation.MRI_EVALUATION : Recommendation.CLINICIAN_REVIEW, reasons));
  }

  /** The 7-day mean pain at least 2 points above baseline. */
  public Optional<Escalation> worseningPain(int baseline, MeanPain mean) {
    if (!mean.aboveBaselineBy(baseline, thresholds.worseningPoints())) {
      return Optional.empty();
    }
    return Optional.of(new Escalation(FlagCode.WORSENING_PAIN, Severity.MODERATE, Recommendation.CLINICIAN_REVIEW,
        List.of(String.format(Locale.ROOT, "7-day mean pain %.1f is at least %d above the baseline %d.", mean.value(),
            thresholds.worseningPoints(), baseline), version())));
  }

  /** At least 2 points and at least 30% below baseline (Farrar 2001; IMMPACT). */
  public boolean significantImprovement(int baseline, MeanPain mean) {
    return mean.belowBaselineBy(baseline, thresholds.improvementPoints(), thresholds.improvementPercent());
  }

  /** The 4-weekly assessment's verdict, with the figures it rests on. */
  public record Assessment(ProgressOutcome outcome, Double meanPain7d, Double changePoints, Double changePercent,
      boolean significantImprovement, double adherence, List<String> reasons) {}

  public Assessment assess(int planWeek, int baseline, MeanPain mean, Adherence adherence) {
    boolean improved = significantImprovement(baseline, mean);
    boolean worse = mean.aboveBaselineBy(baseline, thresholds.worseningPoints());
    ProgressOutcome outcome = improved ? ProgressOutcome.IMPROVING : worse ? ProgressOutcome.WORSENING
        : ProgressOutcome.NO_CHANGE;
    Double change = mean.known() ? mean.value() - baseline : null;
    Double percent = mean.known() && baseline > 0 ? 100.0 * change / baseline : null;
    List<String> reasons = new ArrayList<>();
    reasons.add(String.format(Locale.ROOT, "Week %d: %s.", planWeek, painAgainstBaseline(baseline, mean)));
    reasons.add(switch (outcome) {
      case IMPROVING -> String.format(Locale.ROOT, "Significant improvement: at least %d points and %d%% below baseline.",
          thresholds.improvementPoints(), thresholds.improvementPercent());
      case WORSENING -> String.format(Locale.ROOT, "Worsening: at least %d points above baseline.",
          thresholds.worseningPoints());
      case NO_CHANGE -> mean.known() ? "No significant change yet." : "No session in the last 7 days to judge by.";
    });
    reasons.add(String.format(Locale.ROOT, "Adherence over the period %d%% (%d of %d days).", adherence.percent(),
        adherence.daysWithSession(), adherence.daysElapsed()));
    reasons.add(version());
    return new Assessment(outcome, mean.value(), change, percent, improved, adherence.fraction(), reasons);
  }

  private static Escalation emergency(FlagCode code, String reason) {
    return new Escalation(code, Severity.URGENT, Recommendation.EMERGENCY_CARE, List.of(reason,
        "Emergency care now; this does not wait for the two-week rule."));
  }

  private static String painAgainstBaseline(int baseline, MeanPain mean) {
    return mean.known()
        ? String.format(Locale.ROOT, "7-day mean pain %.1f against baseline %d", mean.value(), baseline)
        : String.format(Locale.ROOT, "no session in the last 7 days (baseline %d)", baseline);
  }

  private static String names(Set<SessionSymptom> symptoms) {
    return String.join(" and ", symptoms.stream().map(s -> s.name().toLowerCase(Locale.ROOT)).toList());
  }

  private String version() {
    return "Rules " + thresholds.version() + ".";
  }
}
