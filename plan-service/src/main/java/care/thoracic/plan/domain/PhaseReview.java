package care.thoracic.plan.domain;

import care.thoracic.contracts.clinical.ClinicalFigures;
import care.thoracic.contracts.clinical.ClinicalFigures.Adherence;
import care.thoracic.contracts.clinical.ClinicalFigures.MeanPain;
import care.thoracic.contracts.clinical.ClinicalFigures.PainScore;
import care.thoracic.contracts.clinical.ProgressOutcome;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The scheduled review at the end of FOUNDATION, MOBILITY and STRENGTH (CLINICAL §4, §8): advance
 * when adherence in the phase is at least the protocol's minimum, pain was logged on enough days of
 * the last 7 and its mean is not above baseline + the allowed margin, and no assessment during the
 * phase found the pain worsening; otherwise hold, and ask for a clinician after the protocol's
 * number of holds in a row. Pure: the figures come in, the outcome and its reasons come out. The
 * figures are {@link ClinicalFigures}', so the review decides on the numbers the patient sees.
 */
public final class PhaseReview {
  private PhaseReview() {}

  /**
   * What the review looks at.
   *
   * @param adherence days with a session in the phase, out of its days so far (today once logged)
   * @param meanPain the 7-day mean pain on the review day
   * @param latestAssessment the newest {@code ProgressAssessed} outcome during the phase, if any
   */
  public record Facts(Adherence adherence, MeanPain meanPain, int baselinePain, ProgressOutcome latestAssessment) {}

  /** The review's figures on {@code reviewDay} for a phase that began on {@code phaseStartedOn}. */
  public static Facts facts(List<PainScore> sessions, LocalDate phaseStartedOn, LocalDate reviewDay,
      int baselinePain, ProgressOutcome latestAssessment) {
    Adherence adherence = ClinicalFigures.adherence(sessions.stream().map(PainScore::day).toList(), phaseStartedOn,
        reviewDay, reviewDay);
    return new Facts(adherence, ClinicalFigures.meanPain7d(sessions, reviewDay), baselinePain, latestAssessment);
  }

  public record Outcome(boolean advance, int consecutiveHolds, boolean clinicianReviewRequested, List<String> reasons) {
    public Outcome {
      reasons = List.copyOf(reasons);
    }
  }

  public static Outcome review(Protocol.Advancement rules, Facts facts, int holdsSoFar) {
    List<String> reasons = new ArrayList<>();
    int minimumPercent = (int) Math.round(rules.minAdherence() * 100);
    Adherence adherence = facts.adherence();
    boolean adherent = adherence.atLeastPercent(minimumPercent);
    reasons.add(String.format(Locale.ROOT, "Adherence %d%% (%d of %d days with a session; at least %d%% needed).",
        adherence.percent(), adherence.daysWithSession(), adherence.daysElapsed(), minimumPercent));
    MeanPain pain = facts.meanPain();
    boolean painAllows = pain.enough() && pain.notAboveBaselineBy(facts.baselinePain(), rules.maxPainAboveBaseline());
    if (!pain.enough()) {
      reasons.add(String.format(Locale.ROOT,
          "Not enough pain scores this week: pain was logged on %d of the last 7 days, at least %d are needed.",
          pain.days(), ClinicalFigures.MINIMUM_PAIN_DAYS));
    } else {
      reasons.add(String.format(Locale.ROOT, "7-day mean pain %.1f %s baseline %d + %d.", pain.value(),
          painAllows ? "is not above" : "is above", facts.baselinePain(), rules.maxPainAboveBaseline()));
    }
    boolean notWorsening = facts.latestAssessment() != ProgressOutcome.WORSENING;
    if (!notWorsening) {
      reasons.add("The latest progress assessment found the pain worsening.");
    }
    if (adherent && painAllows && notWorsening) {
      return new Outcome(true, 0, false, reasons);
    }
    int holds = holdsSoFar + 1;
    boolean askClinician = holds >= rules.holdsBeforeClinicianReview();
    reasons.add(askClinician
        ? "Held " + holds + " times in a row: a clinician is asked to review the plan."
        : "The phase goes on and is reviewed again in " + rules.reviewAgainAfterDays() + " days.");
    return new Outcome(false, holds, askClinician, reasons);
  }
}
