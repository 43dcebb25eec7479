package care.thoracic.plan.domain;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.clinical.ProgressOutcome;
import org.junit.jupiter.api.Test;

class PhaseReviewTest {
  private static final Protocol.Advancement RULES = new Protocol.Advancement(0.6, 1, 7, 2);

  private static PhaseReview.Outcome review(int days, int withSession, Double pain, ProgressOutcome assessed, int holds) {
    return PhaseReview.review(RULES, new PhaseReview.Facts(days, withSession, pain, 5, assessed), holds);
  }

  @Test
  void exactly_the_minimum_adherence_advances_and_one_day_less_holds() {
    assertThat(review(10, 6, 4.0, null, 0).advance()).isTrue();
    PhaseReview.Outcome held = review(10, 5, 4.0, null, 0);
    assertThat(held.advance()).isFalse();
    assertThat(held.reasons()).contains("Adherence 50% (5 of 10 days with a session; at least 60% needed).");
  }

  @Test
  void pain_at_baseline_plus_one_advances_and_above_it_holds() {
    assertThat(review(14, 14, 6.0, null, 0).advance()).isTrue();
    PhaseReview.Outcome held = review(14, 14, 6.1, null, 0);
    assertThat(held.advance()).isFalse();
    assertThat(held.reasons()).contains("7-day mean pain 6.1 is above baseline 5 + 1.");
  }

  @Test
  void no_pain_logged_in_the_last_week_holds_with_that_reason() {
    PhaseReview.Outcome held = review(14, 10, null, null, 0);
    assertThat(held.advance()).isFalse();
    assertThat(held.reasons()).anyMatch(r -> r.startsWith("No pain was logged in the last 7 days"));
  }

  @Test
  void a_worsening_assessment_holds_even_with_good_figures() {
    PhaseReview.Outcome held = review(14, 14, 3.0, ProgressOutcome.WORSENING, 0);
    assertThat(held.advance()).isFalse();
    assertThat(held.reasons()).contains("The latest progress assessment found the pain worsening.");
    assertThat(review(14, 14, 3.0, ProgressOutcome.NO_CHANGE, 0).advance()).isTrue();
  }

  @Test
  void the_second_hold_in_a_row_asks_for_a_clinician_and_the_first_does_not() {
    PhaseReview.Outcome first = review(14, 2, 4.0, null, 0);
    assertThat(first.consecutiveHolds()).isEqualTo(1);
    assertThat(first.clinicianReviewRequested()).isFalse();
    assertThat(first.reasons().getLast()).isEqualTo("The phase goes on and is reviewed again in 7 days.");
    PhaseReview.Outcome second = review(7, 1, 4.0, null, 1);
    assertThat(second.consecutiveHolds()).isEqualTo(2);
    assertThat(second.clinicianReviewRequested()).isTrue();
  }

  @Test
  void adherence_is_capped_at_every_day_and_empty_periods_count_as_none() {
    assertThat(new PhaseReview.Facts(7, 9, 3.0, 5, null).adherence()).isEqualTo(1.0);
    assertThat(new PhaseReview.Facts(0, 0, 3.0, 5, null).adherence()).isZero();
  }

  @Test
  void the_figures_count_whole_days_of_the_phase_before_the_review_day_and_the_last_seven_for_pain() {
    java.time.LocalDate start = java.time.LocalDate.of(2026, 12, 1);
    java.time.LocalDate reviewDay = start.plusDays(14);
    var sessions = java.util.List.of(
        new PhaseReview.LoggedSession(start.minusDays(1), 9), // before the phase: neither count
        new PhaseReview.LoggedSession(start, 8), // first day: adherence only
        new PhaseReview.LoggedSession(start.plusDays(6), 8), // 8 days before the review: adherence only
        new PhaseReview.LoggedSession(start.plusDays(7), 4), // 7 days before: both
        new PhaseReview.LoggedSession(start.plusDays(7), 2), // same day again: one day, two pains
        new PhaseReview.LoggedSession(start.plusDays(13), 3), // the day before: both
        new PhaseReview.LoggedSession(reviewDay, 0)); // the review day itself: neither
    PhaseReview.Facts facts = PhaseReview.facts(sessions, start, reviewDay, 5, null);
    assertThat(facts.daysElapsed()).isEqualTo(14);
    assertThat(facts.daysWithSession()).isEqualTo(4);
    assertThat(facts.meanPain7d()).isEqualTo(3.0);
    assertThat(PhaseReview.facts(java.util.List.of(), start, reviewDay, 5, null).meanPain7d()).isNull();
  }
}
