package care.thoracic.progress.domain;

import care.thoracic.contracts.Nullable;
import care.thoracic.contracts.clinical.ClinicalFigures;
import care.thoracic.contracts.clinical.ClinicalFigures.Adherence;
import care.thoracic.contracts.clinical.ClinicalFigures.MeanPain;
import care.thoracic.contracts.clinical.FlagCode;
import care.thoracic.contracts.clinical.ProgressOutcome;
import care.thoracic.contracts.clinical.Recommendation;
import care.thoracic.contracts.clinical.SessionSymptom;
import care.thoracic.contracts.clinical.Severity;
import care.thoracic.contracts.events.SessionLogged;
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
   * Numbness, tingling or weakness still reported, in one episode, more than the persistence period
   * after the episode's first report: on day 14 it is not yet persistent, on day 15 it is (§5, §8).
   *
   * @param episodeStart the first report of the episode {@code session} belongs to
   */
  public Optional<Escalation> persistentNeurological(LocalDate episodeStart, SessionLogged session) {
    Set<SessionSymptom> reported = EnumSet.noneOf(SessionSymptom.class);
    reported.addAll(session.symptoms());
    reported.retainAll(NEUROLOGICAL);
    long days = ChronoUnit.DAYS.between(episodeStart, session.performedOn());
    if (reported.isEmpty() || days <= thresholds.neurologicalPersistenceDays()) {
      return Optional.empty();
    }
    return Optional.of(new Escalation(FlagCode.PERSISTENT_NEUROLOGICAL_SYMPTOMS, Severity.HIGH, Recommendation.IMAGING,
        List.of(String.format(Locale.ROOT, "Neurological symptoms (%s) reported since %s, never more than %d days "
            + "apart, and still reported on %s, %d days later (more than %d).", names(reported), episodeStart,
            thresholds.neurologicalEpisodeGapDays(), session.performedOn(), days,
            thresholds.neurologicalPersistenceDays()), version())));
  }

  /**
   * Six weeks or more into the plan without significant improvement. Therapy that was really
   * tried (adherence at least 50%) points to an MRI; otherwise a clinician should talk it through,
   * as when too few pain scores were logged to judge (§8). After a clinician resumed the plan from
   * this flag, it is next considered four weeks after the resume.
   *
   * @param daysSinceResume days since the resume that resolved an earlier no-improvement flag, if one did
   */
  public Optional<Escalation> noImprovement(int daysIntoPlan, @Nullable Integer daysSinceResume, Adherence adherence,
      int baseline, MeanPain mean) {
    if (daysIntoPlan < thresholds.noImprovementAfterDays()
        || daysSinceResume != null && daysSinceResume < thresholds.noImprovementAfterResumeDays()
        || significantImprovement(baseline, mean)) {
      return Optional.empty();
    }
    List<String> reasons = new ArrayList<>();
    reasons.add(String.format(Locale.ROOT, "%d days into the plan (%d or more) without significant improvement: %s.",
        daysIntoPlan, thresholds.noImprovementAfterDays(), painAgainstBaseline(baseline, mean)));
    if (daysSinceResume != null) {
      reasons.add(String.format(Locale.ROOT, "%d days since a clinician resumed the plan from this flag (%d or more).",
          daysSinceResume, thresholds.noImprovementAfterResumeDays()));
    }
    if (!mean.enough()) {
      reasons.add(tooFewPainDays(mean) + ": improvement cannot be judged, so a clinician reviews it.");
      reasons.add(version());
      return Optional.of(new Escalation(FlagCode.NO_IMPROVEMENT, Severity.MODERATE, Recommendation.CLINICIAN_REVIEW,
          reasons));
    }
    boolean tried = adherence.atLeastPercent(thresholds.triedAdherencePercent());
    reasons.add(String.format(Locale.ROOT, "Adherence %d%% (%d of %d days) is %s %d%%: %s.", adherence.percent(),
        adherence.daysWithSession(), adherence.daysElapsed(), tried ? "at least" : "under",
        thresholds.triedAdherencePercent(), tried ? "therapy was tried, so imaging is next"
            : "therapy was not really tried, so a clinician reviews it first"));
    reasons.add(version());
    return Optional.of(new Escalation(FlagCode.NO_IMPROVEMENT, Severity.MODERATE,
        tried ? Recommendation.MRI_EVALUATION : Recommendation.CLINICIAN_REVIEW, reasons));
  }

  /**
   * The 7-day mean pain at least 2 points above baseline; after a clinician resumed the plan from
   * this flag, at least 2 points above the mean on the day of the resume (§8). Needs pain on
   * enough days of the week.
   *
   * @param atResume the 7-day mean on the day of the resume that resolved an earlier worsening flag, if one did
   */
  public Optional<Escalation> worseningPain(int baseline, @Nullable MeanPain atResume, MeanPain mean) {
    if (!mean.enough()) {
      return Optional.empty();
    }
    if (atResume != null && atResume.known()) {
      if (!mean.aboveBy(atResume, thresholds.worseningPoints())) {
        return Optional.empty();
      }
      return Optional.of(new Escalation(FlagCode.WORSENING_PAIN, Severity.MODERATE, Recommendation.CLINICIAN_REVIEW,
          List.of(String.format(Locale.ROOT, "7-day mean pain %.1f is at least %d above %.1f, its value when a "
              + "clinician resumed the plan.", mean.value(), thresholds.worseningPoints(), atResume.value()),
              version())));
    }
    if (!mean.aboveBaselineBy(baseline, thresholds.worseningPoints())) {
      return Optional.empty();
    }
    return Optional.of(new Escalation(FlagCode.WORSENING_PAIN, Severity.MODERATE, Recommendation.CLINICIAN_REVIEW,
        List.of(String.format(Locale.ROOT, "7-day mean pain %.1f is at least %d above the baseline %d.", mean.value(),
            thresholds.worseningPoints(), baseline), version())));
  }

  /** At least 2 points and at least 30% below baseline (Farrar 2001; IMMPACT), on enough pain scores. */
  public boolean significantImprovement(int baseline, MeanPain mean) {
    return mean.enough()
        && mean.belowBaselineBy(baseline, thresholds.improvementPoints(), thresholds.improvementPercent());
  }

  /** The 7-day mean pain at or below which an improvement from {@code baseline} is significant (on enough days). */
  public double improvementLine(int baseline) {
    return MeanPain.lineBelowBaseline(baseline, thresholds.improvementPoints(), thresholds.improvementPercent());
  }

  /** The 4-weekly assessment's verdict, with the figures it rests on. */
  public record Assessment(ProgressOutcome outcome, Double meanPain7d, Double changePoints, Double changePercent,
      boolean significantImprovement, double adherence, List<String> reasons) {}

  public Assessment assess(int planWeek, int baseline, MeanPain mean, Adherence adherence) {
    boolean improved = significantImprovement(baseline, mean);
    boolean worse = mean.enough() && mean.aboveBaselineBy(baseline, thresholds.worseningPoints());
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
      case NO_CHANGE -> !mean.known() ? "No session in the last 7 days to judge by."
          : mean.enough() ? "No significant change yet." : tooFewPainDays(mean) + " to judge by.";
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

  private static String tooFewPainDays(MeanPain mean) {
    return String.format(Locale.ROOT, "Pain was logged on %d of the last 7 days (at least %d are needed)", mean.days(),
        ClinicalFigures.MINIMUM_PAIN_DAYS);
  }

  private static String names(Set<SessionSymptom> symptoms) {
    return String.join(" and ", symptoms.stream().map(s -> s.name().toLowerCase(Locale.ROOT)).toList());
  }

  private String version() {
    return "Rules " + thresholds.version() + ".";
  }
}
