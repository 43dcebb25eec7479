package care.thoracic.plan.domain;

import care.thoracic.contracts.clinical.ProgressOutcome;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The scheduled review at the end of FOUNDATION, MOBILITY and STRENGTH (CLINICAL §4): advance when
 * adherence in the phase is at least the protocol's minimum and the 7-day mean pain is not above
 * baseline + the allowed margin, and no assessment during the phase found the pain worsening;
 * otherwise hold, and ask for a clinician after the protocol's number of holds in a row. Pure: the
 * figures come in, the outcome and its reasons come out.
 */
public final class PhaseReview {
  private PhaseReview() {}

  /**
   * What the review looks at.
   *
   * @param daysElapsed whole days of the phase before the review day
   * @param daysWithSession of those, the days with at least one logged session
   * @param meanPain7d mean pain of the sessions of the last 7 days; null when none was logged
   * @param latestAssessment the newest {@code ProgressAssessed} outcome during the phase, if any
   */
  public record Facts(int daysElapsed, int daysWithSession, Double meanPain7d, int baselinePain,
      ProgressOutcome latestAssessment) {
    public double adherence() {
      return daysElapsed <= 0 ? 0 : Math.min(1.0, (double) daysWithSession / daysElapsed);
    }
  }

  /** A logged session as the review counts it: its day and the pain before it. */
  public record LoggedSession(LocalDate performedOn, int painBefore) {}

  /**
   * The review's figures on {@code reviewDay} for a phase that began on {@code phaseStartedOn}:
   * adherence over the whole days before the review day, and the mean pain-before of the sessions
   * of the 7 days before it.
   */
  public static Facts facts(List<LoggedSession> sessions, LocalDate phaseStartedOn, LocalDate reviewDay,
      int baselinePain, ProgressOutcome latestAssessment) {
    int daysElapsed = (int) Math.max(0, ChronoUnit.DAYS.between(phaseStartedOn, reviewDay));
    Set<LocalDate> days = new HashSet<>();
    double painSum = 0;
    int painCount = 0;
    LocalDate weekStart = reviewDay.minusDays(7);
    for (LoggedSession session : sessions) {
      LocalDate day = session.performedOn();
      if (!day.isBefore(phaseStartedOn) && day.isBefore(reviewDay)) {
        days.add(day);
      }
      if (!day.isBefore(weekStart) && day.isBefore(reviewDay)) {
        painSum += session.painBefore();
        painCount++;
      }
    }
    return new Facts(daysElapsed, days.size(), painCount == 0 ? null : painSum / painCount, baselinePain,
        latestAssessment);
  }

  public record Outcome(boolean advance, int consecutiveHolds, boolean clinicianReviewRequested, List<String> reasons) {
    public Outcome {
      reasons = List.copyOf(reasons);
    }
  }

  public static Outcome review(Protocol.Advancement rules, Facts facts, int holdsSoFar) {
    List<String> reasons = new ArrayList<>();
    boolean adherent = facts.adherence() >= rules.minAdherence();
    reasons.add(String.format(Locale.ROOT, "Adherence %d%% (%d of %d days with a session; at least %d%% needed).",
        percent(facts.adherence()), facts.daysWithSession(), facts.daysElapsed(), percent(rules.minAdherence())));
    int ceiling = facts.baselinePain() + rules.maxPainAboveBaseline();
    boolean painAllows;
    if (facts.meanPain7d() == null) {
      painAllows = false;
      reasons.add("No pain was logged in the last 7 days, so the review cannot tell whether the pain allows more.");
    } else {
      painAllows = facts.meanPain7d() <= ceiling;
      reasons.add(String.format(Locale.ROOT, "7-day mean pain %.1f %s baseline %d + %d.", facts.meanPain7d(),
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

  private static int percent(double fraction) {
    return (int) Math.floor(fraction * 100 + 1e-9);
  }
}
