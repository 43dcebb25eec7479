package care.thoracic.plan.domain;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.clinical.ClinicalFigures.Adherence;
import care.thoracic.contracts.clinical.ClinicalFigures.MeanPain;
import care.thoracic.contracts.clinical.ClinicalFigures.PainScore;
import care.thoracic.contracts.clinical.ProgressOutcome;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhaseReviewTest {
  private static final Protocol.Advancement RULES = new Protocol.Advancement(0.6, 1, 7, 2);
  private static final LocalDate PHASE_START = LocalDate.of(2026, 12, 1);
  private static final LocalDate REVIEW_DAY = PHASE_START.plusDays(14);

  /** Pain {@code pain} logged on each of the {@code days} days before the review day. */
  private static PhaseReview.Facts lastDays(int days, int pain, ProgressOutcome assessed) {
    List<PainScore> sessions = new ArrayList<>();
    for (int i = 1; i <= days; i++) {
      sessions.add(new PainScore(REVIEW_DAY.minusDays(i), pain));
    }
    return PhaseReview.facts(sessions, PHASE_START, REVIEW_DAY, 5, assessed);
  }

  private static PhaseReview.Outcome review(PhaseReview.Facts facts, int holds) {
    return PhaseReview.review(RULES, facts, holds);
  }

  private static PhaseReview.Facts facts(int daysElapsed, int withSession, MeanPain pain) {
    return new PhaseReview.Facts(new Adherence(withSession, daysElapsed), pain, 5, null);
  }

  private static final MeanPain FOUR_OVER_THREE_DAYS = new MeanPain(12, 3, 3);

  @Test
  void exactly_the_minimum_adherence_advances_and_one_day_less_holds() {
    assertThat(review(facts(10, 6, FOUR_OVER_THREE_DAYS), 0).advance()).isTrue();
    PhaseReview.Outcome held = review(facts(10, 5, FOUR_OVER_THREE_DAYS), 0);
    assertThat(held.advance()).isFalse();
    assertThat(held.reasons()).contains("Adherence 50% (5 of 10 days with a session; at least 60% needed).");
  }

  @Test
  void pain_at_baseline_plus_one_advances_and_above_it_holds() {
    assertThat(review(facts(14, 14, new MeanPain(18, 3, 3)), 0).advance()).isTrue(); // 6.0
    PhaseReview.Outcome held = review(facts(14, 14, new MeanPain(19, 3, 3)), 0); // 6.33
    assertThat(held.advance()).isFalse();
    assertThat(held.reasons()).contains("7-day mean pain 6.3 is above baseline 5 + 1.");
  }

  @Test
  void given_pain_on_two_days_of_the_week_the_review_holds_and_on_three_it_advances() {
    PhaseReview.Outcome twoDays = review(facts(14, 14, new MeanPain(6, 3, 2)), 0);
    assertThat(twoDays.advance()).isFalse();
    assertThat(twoDays.reasons()).contains(
        "Not enough pain scores this week: pain was logged on 2 of the last 7 days, at least 3 are needed.");
    assertThat(review(facts(14, 14, new MeanPain(6, 3, 3)), 0).advance()).isTrue();
    assertThat(review(facts(14, 14, new MeanPain(0, 0, 0)), 0).advance()).isFalse();
  }

  @Test
  void a_worsening_assessment_holds_even_with_good_figures() {
    PhaseReview.Outcome held = review(lastDays(14, 3, ProgressOutcome.WORSENING), 0);
    assertThat(held.advance()).isFalse();
    assertThat(held.reasons()).contains("The latest progress assessment found the pain worsening.");
    assertThat(review(lastDays(14, 3, ProgressOutcome.NO_CHANGE), 0).advance()).isTrue();
  }

  @Test
  void the_second_hold_in_a_row_asks_for_a_clinician_and_the_first_does_not() {
    PhaseReview.Outcome first = review(facts(14, 2, FOUR_OVER_THREE_DAYS), 0);
    assertThat(first.consecutiveHolds()).isEqualTo(1);
    assertThat(first.clinicianReviewRequested()).isFalse();
    assertThat(first.reasons().getLast()).isEqualTo("The phase goes on and is reviewed again in 7 days.");
    PhaseReview.Outcome second = review(facts(7, 1, FOUR_OVER_THREE_DAYS), 1);
    assertThat(second.consecutiveHolds()).isEqualTo(2);
    assertThat(second.clinicianReviewRequested()).isTrue();
    assertThat(second.reasons().getLast()).isEqualTo("Held 2 times in a row: a clinician is asked to review the plan.");
  }

  @Test
  void the_figures_are_those_of_the_review_day_with_today_counted_once_logged() {
    List<PainScore> sessions = new ArrayList<>(List.of(
        new PainScore(PHASE_START.minusDays(1), 9), // before the phase: neither count
        new PainScore(PHASE_START, 8), // first day: adherence only
        new PainScore(REVIEW_DAY.minusDays(7), 8), // 7 days before: adherence only
        new PainScore(REVIEW_DAY.minusDays(6), 4), // first day of the 7: both
        new PainScore(REVIEW_DAY.minusDays(6), 2), // same day again: one day, two pains
        new PainScore(REVIEW_DAY.minusDays(1), 3))); // the day before: both
    PhaseReview.Facts beforeToday = PhaseReview.facts(sessions, PHASE_START, REVIEW_DAY, 5, null);
    assertThat(beforeToday.adherence()).isEqualTo(new Adherence(4, 14)); // today not held against the patient
    assertThat(beforeToday.meanPain()).isEqualTo(new MeanPain(9, 3, 2));

    sessions.add(new PainScore(REVIEW_DAY, 0));
    PhaseReview.Facts todayLogged = PhaseReview.facts(sessions, PHASE_START, REVIEW_DAY, 5, null);
    assertThat(todayLogged.adherence()).isEqualTo(new Adherence(5, 15));
    assertThat(todayLogged.meanPain()).isEqualTo(new MeanPain(9, 4, 3));
  }
}
