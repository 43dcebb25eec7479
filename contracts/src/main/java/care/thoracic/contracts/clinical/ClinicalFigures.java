package care.thoracic.contracts.clinical;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The clinical figures, defined once (CLINICAL §4 and §8): what the patient sees, what the progress
 * rules escalate on and what a phase review decides on are these same numbers. Fractions are kept as
 * exact counts so a boundary (exactly 60%, exactly 2 points) is decided without rounding.
 *
 * <p>Today counts once it has a session: a day still under way is not held against the patient.
 */
public final class ClinicalFigures {
  /** The mean-based rules need pain scores on at least this many days of the 7 (§8). */
  public static final int MINIMUM_PAIN_DAYS = 3;

  private ClinicalFigures() {}

  /** Days with at least one logged session, out of the days elapsed in a period (§4). */
  public record Adherence(int daysWithSession, int daysElapsed) {
    public double fraction() {
      return daysElapsed == 0 ? 0 : (double) daysWithSession / daysElapsed;
    }

    public boolean atLeastPercent(int percent) {
      return daysElapsed > 0 && 100L * daysWithSession >= (long) percent * daysElapsed;
    }

    /** Rounded down, as the rules compare it: 59.9% is not 60%. */
    public int percent() {
      return daysElapsed == 0 ? 0 : (int) (100L * daysWithSession / daysElapsed);
    }
  }

  /**
   * The mean of the pain scores before the sessions in a window, and on how many of its days pain
   * was logged; none when nothing was.
   */
  public record MeanPain(int sum, int count, int days) {
    public boolean known() {
      return count > 0;
    }

    /** Pain logged on enough days for the mean-based rules to speak (§8). */
    public boolean enough() {
      return days >= MINIMUM_PAIN_DAYS;
    }

    public Double value() {
      return count == 0 ? null : (double) sum / count;
    }

    /** At least {@code points} below {@code baseline} and at least {@code percent}% below it (exact). */
    public boolean belowBaselineBy(int baseline, int points, int percent) {
      long drop = (long) baseline * count - sum; // (baseline - mean) × count
      return count > 0 && drop >= (long) points * count && 100 * drop >= (long) percent * baseline * count;
    }

    /**
     * The highest mean that is at least {@code points} and at least {@code percent}% below
     * {@code baseline}: a mean is {@link #belowBaselineBy} exactly when it is at most this line,
     * which is what a chart draws.
     */
    public static double lineBelowBaseline(int baseline, int points, int percent) {
      return Math.min(baseline - points, baseline * (100 - percent) / 100.0);
    }

    /** At least {@code points} above {@code baseline} (exact). */
    public boolean aboveBaselineBy(int baseline, int points) {
      return count > 0 && sum >= (long) (baseline + points) * count;
    }

    /** Not above {@code baseline} + {@code points} (exact). */
    public boolean notAboveBaselineBy(int baseline, int points) {
      return count > 0 && sum <= (long) (baseline + points) * count;
    }

    /** At least {@code points} above another mean, e.g. the one at a resume (exact). */
    public boolean aboveBy(MeanPain reference, int points) {
      return count > 0 && reference.count() > 0
          && (long) sum * reference.count() >= ((long) reference.sum() + (long) points * reference.count()) * count;
    }
  }

  /** A session's pain score before exercising, on the day it was performed: what the trends count. */
  public record PainScore(LocalDate day, int painBefore) {}

  /** Adherence over [{@code from}, {@code to}], ending today at the latest. */
  public static Adherence adherence(Collection<LocalDate> sessionDays, LocalDate from, LocalDate to, LocalDate today) {
    LocalDate end = to.isAfter(today) ? today : to;
    if (end.isBefore(from)) {
      return new Adherence(0, 0);
    }
    Set<LocalDate> days = new HashSet<>();
    for (LocalDate day : sessionDays) {
      if (!day.isBefore(from) && !day.isAfter(end)) {
        days.add(day);
      }
    }
    int elapsed = (int) ChronoUnit.DAYS.between(from, end) + 1;
    if (end.equals(today) && !days.contains(today)) {
      elapsed--;
    }
    return new Adherence(days.size(), elapsed);
  }

  /**
   * The 7-day mean pain on {@code day}: the mean of the pain-before scores of the sessions on the days
   * of [{@code day} - 6, {@code day}] that have one (so today counts once logged).
   */
  public static MeanPain meanPain7d(List<PainScore> scores, LocalDate day) {
    LocalDate from = day.minusDays(6);
    int sum = 0;
    int count = 0;
    Set<LocalDate> days = new HashSet<>();
    for (PainScore score : scores) {
      if (!score.day().isBefore(from) && !score.day().isAfter(day)) {
        sum += score.painBefore();
        count++;
        days.add(score.day());
      }
    }
    return new MeanPain(sum, count, days.size());
  }

  /** Whole days from the plan's first day to {@code today}: 42 on the first day of week 7. */
  public static int daysIntoPlan(LocalDate startedOn, LocalDate today) {
    return (int) Math.max(0, ChronoUnit.DAYS.between(startedOn, today));
  }
}
