package care.thoracic.progress.domain;

import care.thoracic.contracts.events.SessionLogged;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The figures the rules and the progress view share. Fractions are kept as exact counts so a
 * boundary (exactly 50%, exactly 2 points) is decided without rounding.
 *
 * <p>Today counts once it has a session: a day still under way is not held against the patient.
 */
public final class ProgressFigures {
  private ProgressFigures() {}

  /** Days with at least one logged session, out of the days elapsed in a period (CLINICAL §4). */
  public record Adherence(int daysWithSession, int daysElapsed) {
    public double fraction() {
      return daysElapsed == 0 ? 0 : (double) daysWithSession / daysElapsed;
    }

    public boolean atLeastPercent(int percent) {
      return daysElapsed > 0 && 100L * daysWithSession >= (long) percent * daysElapsed;
    }

    public int percent() {
      return (int) Math.round(fraction() * 100);
    }
  }

  /** Mean of the pain scores before the sessions in a window; none when nothing was logged in it. */
  public record MeanPain(int sum, int count) {
    public boolean known() {
      return count > 0;
    }

    public Double value() {
      return count == 0 ? null : (double) sum / count;
    }

    /** At least {@code points} below baseline and at least {@code percent}% below it (exact). */
    boolean belowBaselineBy(int baseline, int points, int percent) {
      long drop = (long) baseline * count - sum; // (baseline - mean) × count
      return count > 0 && drop >= (long) points * count && 100 * drop >= (long) percent * baseline * count;
    }

    /** Mean at least {@code points} above baseline (exact). */
    boolean aboveBaselineBy(int baseline, int points) {
      return count > 0 && sum >= (long) (baseline + points) * count;
    }
  }

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

  /** A session's pain score before exercising, on the day it was performed: what the trends count. */
  public record PainScore(LocalDate day, int painBefore) {
    public static PainScore of(SessionLogged session) {
      return new PainScore(session.performedOn(), session.painBefore());
    }
  }

  /** Mean pain before the sessions of the 7 days ending on {@code day}. */
  public static MeanPain meanPain7d(List<PainScore> scores, LocalDate day) {
    LocalDate from = day.minusDays(6);
    int sum = 0;
    int count = 0;
    for (PainScore score : scores) {
      if (!score.day().isBefore(from) && !score.day().isAfter(day)) {
        sum += score.painBefore();
        count++;
      }
    }
    return new MeanPain(sum, count);
  }

  /** Whole days from the plan's first day to {@code today}: 42 on the first day of week 7. */
  public static int daysIntoPlan(LocalDate startedOn, LocalDate today) {
    return (int) Math.max(0, ChronoUnit.DAYS.between(startedOn, today));
  }
}
