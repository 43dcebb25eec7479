package care.thoracic.progress.domain;

import static care.thoracic.progress.domain.Sessions.BASELINE;
import static care.thoracic.progress.domain.Sessions.PATIENT;
import static care.thoracic.progress.domain.Sessions.PLAN;
import static care.thoracic.progress.domain.Sessions.START;
import static care.thoracic.progress.domain.Sessions.active;
import static care.thoracic.progress.domain.Sessions.on;
import static care.thoracic.progress.domain.Sessions.plan;
import static care.thoracic.progress.domain.Sessions.resumedOn;
import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.clinical.FlagCode;
import care.thoracic.contracts.clinical.ProgressOutcome;
import care.thoracic.contracts.clinical.Recommendation;
import care.thoracic.contracts.clinical.SessionSymptom;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.ProgressAssessed;
import care.thoracic.contracts.events.RedFlagRaised;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.eventsourcing.testing.DeciderSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanProgressTest {
  private final DeciderSpec<PlanProgress.Command, CareEvent, PlanProgress.State> spec =
      DeciderSpec.of(new PlanProgress(new ProgressRules(Thresholds.CURRENT)));

  private static PlanProgress.LogSession log(SessionLogged session) {
    return new PlanProgress.LogSession(session, active());
  }

  private static PlanProgress.Check checkOnDay(int day, PlanFacts plan) {
    return new PlanProgress.Check(plan, START.plusDays(day));
  }

  /** A session every {@code every}-th day of the plan's first {@code days}, at {@code pain}. */
  private static CareEvent[] sessions(int days, int every, int pain) {
    List<CareEvent> logged = new ArrayList<>();
    for (int day = 0; day < days; day += every) {
      logged.add(on(day, pain));
    }
    return logged.toArray(CareEvent[]::new);
  }

  private static RedFlagRaised onlyFlag(List<CareEvent> events) {
    List<RedFlagRaised> flags = events.stream().filter(RedFlagRaised.class::isInstance).map(RedFlagRaised.class::cast)
        .toList();
    assertThat(flags).hasSize(1);
    return flags.getFirst();
  }

  @Test
  void a_session_is_logged_once_however_often_the_app_posts_it() {
    SessionLogged session = on(3, 4);
    spec.given().when(log(session)).then(session);
    spec.given(session).when(log(session)).thenNothing();
  }

  @Test
  void the_same_session_id_with_other_content_is_refused() {
    SessionLogged session = on(3, 4);
    SessionLogged changed = new SessionLogged(session.sessionId(), PLAN, PATIENT, session.performedOn(),
        session.exercises(), 8, 8, session.symptoms(), null);
    spec.given(session).when(log(changed)).thenRejected("already logged with other content");
  }

  @Test
  void a_suspended_plan_still_records_sessions_one_awaiting_approval_or_completed_does_not() {
    SessionLogged session = on(3, 4);
    spec.given().when(new PlanProgress.LogSession(session, plan(PlanFacts.Status.SUSPENDED))).then(session);
    spec.given().when(new PlanProgress.LogSession(session, plan(PlanFacts.Status.AWAITING_APPROVAL)))
        .thenRejected("approval");
    spec.given().when(new PlanProgress.LogSession(session, plan(PlanFacts.Status.COMPLETED)))
        .thenRejected("completed");
  }

  @Test
  void progressive_numbness_in_a_session_raises_an_urgent_flag_with_the_session() {
    SessionLogged session = on(3, 4, SessionSymptom.PROGRESSIVE_NUMBNESS);
    spec.given().when(log(session)).then(events -> {
      assertThat(events.getFirst()).isEqualTo(session);
      RedFlagRaised flag = onlyFlag(events);
      assertThat(flag.code()).isEqualTo(FlagCode.PROGRESSIVE_NUMBNESS);
      assertThat(flag.planId()).isEqualTo(PLAN);
      assertThat(flag.patientId()).isEqualTo(PATIENT);
    });
  }

  @Test
  void an_open_flag_is_not_raised_again_a_resolved_one_is_with_a_new_id() {
    SessionLogged first = on(3, 4, SessionSymptom.BOWEL_BLADDER_DYSFUNCTION);
    RedFlagRaised raised = onlyFlag(spec.given().when(log(first)).decidedEvents());
    SessionLogged again = on(4, 4, SessionSymptom.BOWEL_BLADDER_DYSFUNCTION);

    spec.given(first, raised).when(log(again)).then(again);
    spec.given(first, raised).when(new PlanProgress.LogSession(again, plan(PlanFacts.Status.ACTIVE, raised.flagId())))
        .then(events -> assertThat(onlyFlag(events).flagId()).isNotEqualTo(raised.flagId()));
  }

  @Test
  void numbness_reported_week_after_week_raises_a_high_flag_15_days_after_the_first_report_not_14() {
    CareEvent[] weekly = {on(2, 4, SessionSymptom.NUMBNESS), on(9, 4, SessionSymptom.TINGLING)}; // 7 days apart
    spec.given(weekly).when(log(on(16, 4, SessionSymptom.NUMBNESS))).then(on(16, 4, SessionSymptom.NUMBNESS));
    spec.given(append(weekly, on(16, 4, SessionSymptom.NUMBNESS))).when(log(on(17, 4, SessionSymptom.WEAKNESS))).then(events -> {
      RedFlagRaised flag = onlyFlag(events);
      assertThat(flag.code()).isEqualTo(FlagCode.PERSISTENT_NEUROLOGICAL_SYMPTOMS);
      assertThat(flag.recommendation()).isEqualTo(Recommendation.IMAGING);
      assertThat(flag.reasons().getFirst()).contains("reported since " + START.plusDays(2));
    });
  }

  @Test
  void reports_logged_late_for_the_days_between_two_runs_join_them_into_one_persistent_episode() {
    CareEvent[] apart = {on(1, 4, SessionSymptom.NUMBNESS), on(16, 4, SessionSymptom.NUMBNESS)}; // two episodes
    spec.given(apart).when(log(on(8, 4, SessionSymptom.NUMBNESS))).then(on(8, 4, SessionSymptom.NUMBNESS));
    spec.given(append(apart, on(8, 4, SessionSymptom.NUMBNESS))).when(log(on(9, 4, SessionSymptom.TINGLING)))
        .then(events -> assertThat(onlyFlag(events).code()).isEqualTo(FlagCode.PERSISTENT_NEUROLOGICAL_SYMPTOMS));
  }

  @Test
  void a_gap_of_seven_days_keeps_the_episode_a_gap_of_eight_starts_a_new_one() {
    SessionLogged first = on(2, 4, SessionSymptom.NUMBNESS);
    spec.given(first, on(9, 4, SessionSymptom.NUMBNESS), on(16, 4, SessionSymptom.NUMBNESS))
        .when(log(on(17, 4, SessionSymptom.NUMBNESS)))
        .then(events -> assertThat(onlyFlag(events).code()).isEqualTo(FlagCode.PERSISTENT_NEUROLOGICAL_SYMPTOMS));
    // day 10 is 8 days after day 2: a new episode, and day 17 is only 7 days into it
    spec.given(first, on(10, 4, SessionSymptom.NUMBNESS)).when(log(on(17, 4, SessionSymptom.NUMBNESS)))
        .then(on(17, 4, SessionSymptom.NUMBNESS));
  }

  @Test
  void numbness_on_day_1_that_went_away_and_one_report_of_tingling_on_day_20_is_not_persistent() {
    spec.given(on(1, 4, SessionSymptom.NUMBNESS), on(5, 3), on(12, 3)).when(log(on(20, 3, SessionSymptom.TINGLING)))
        .then(on(20, 3, SessionSymptom.TINGLING));
  }

  @Test
  void after_a_persistent_symptom_flag_the_fourteen_days_count_afresh() {
    CareEvent[] episode = {on(2, 4, SessionSymptom.NUMBNESS), on(9, 4, SessionSymptom.NUMBNESS),
        on(16, 4, SessionSymptom.NUMBNESS)};
    SessionLogged later = on(17, 4, SessionSymptom.NUMBNESS);
    RedFlagRaised flag = onlyFlag(spec.given(episode).when(log(later)).decidedEvents());
    PlanFacts resolved = plan(PlanFacts.Status.ACTIVE, flag.flagId());
    List<CareEvent> history = new ArrayList<>(List.of(episode));
    history.addAll(List.of(later, flag));
    // the next reports start a new episode: day 24 is 7 days after day 17, but the flag settled day 17
    history.add(on(24, 4, SessionSymptom.NUMBNESS));
    history.add(on(31, 4, SessionSymptom.NUMBNESS));
    spec.given(history.toArray(CareEvent[]::new))
        .when(new PlanProgress.LogSession(on(38, 4, SessionSymptom.NUMBNESS), resolved))
        .then(on(38, 4, SessionSymptom.NUMBNESS)); // 14 days into the new episode
    history.add(on(38, 4, SessionSymptom.NUMBNESS));
    spec.given(history.toArray(CareEvent[]::new))
        .when(new PlanProgress.LogSession(on(39, 4, SessionSymptom.NUMBNESS), resolved))
        .then(events -> assertThat(onlyFlag(events).code()).isEqualTo(FlagCode.PERSISTENT_NEUROLOGICAL_SYMPTOMS));
  }

  @Test
  void the_check_on_day_28_assesses_week_4_once() {
    CareEvent[] daily = sessions(28, 1, 2); // every day, pain 2 against baseline 5
    spec.given(daily).when(checkOnDay(28, active())).then(events -> {
      ProgressAssessed assessed = (ProgressAssessed) events.getFirst();
      assertThat(events).hasSize(1);
      assertThat(assessed.planWeek()).isEqualTo(4);
      assertThat(assessed.outcome()).isEqualTo(ProgressOutcome.IMPROVING);
      assertThat(assessed.baselinePain()).isEqualTo(BASELINE);
      assertThat(assessed.meanPain7d()).isEqualTo(2.0);
      assertThat(assessed.adherence()).isEqualTo(1.0);
    });
    spec.given(daily).when(checkOnDay(27, active())).thenNothing();
    ProgressAssessed week4 = (ProgressAssessed) spec.given(daily).when(checkOnDay(28, active())).decidedEvents()
        .getFirst();
    CareEvent[] withWeek4 = append(daily, week4);
    spec.given(withWeek4).when(checkOnDay(29, active())).thenNothing();
  }

  @Test
  void six_weeks_without_improvement_with_half_the_days_logged_asks_for_an_mri() {
    CareEvent[] everyOtherDay = sessions(42, 2, 5); // 21 of 42 days, pain unchanged
    ProgressAssessed week4 = (ProgressAssessed) spec.given(everyOtherDay).when(checkOnDay(28, active()))
        .decidedEvents().getFirst();
    spec.given(append(everyOtherDay, week4)).when(checkOnDay(41, active())).thenNothing();
    spec.given(append(everyOtherDay, week4)).when(checkOnDay(42, active())).then(events -> {
      RedFlagRaised flag = onlyFlag(events);
      assertThat(flag.code()).isEqualTo(FlagCode.NO_IMPROVEMENT);
      assertThat(flag.recommendation()).isEqualTo(Recommendation.MRI_EVALUATION);
    });
  }

  @Test
  void six_weeks_without_improvement_with_under_half_logged_asks_for_a_clinician() {
    CareEvent[] sparse = sessions(42, 3, 5); // 14 of 42 days
    ProgressAssessed week4 = (ProgressAssessed) spec.given(sparse).when(checkOnDay(28, active())).decidedEvents()
        .getFirst();
    spec.given(append(sparse, week4)).when(checkOnDay(42, active())).then(events -> {
      RedFlagRaised flag = onlyFlag(events);
      assertThat(flag.recommendation()).isEqualTo(Recommendation.CLINICIAN_REVIEW);
    });
  }

  @Test
  void worsening_pain_is_flagged_once_while_the_flag_is_open() {
    CareEvent[] worse = sessions(10, 1, 7); // mean 7 against baseline 5
    RedFlagRaised flag = onlyFlag(spec.given(worse).when(checkOnDay(10, active())).decidedEvents());
    assertThat(flag.code()).isEqualTo(FlagCode.WORSENING_PAIN);
    spec.given(append(worse, flag)).when(checkOnDay(11, active())).thenNothing();
  }

  @Test
  void with_pain_on_two_days_of_the_week_the_mean_rules_are_silent_with_three_they_speak() {
    CareEvent[] twoDays = {on(8, 9), on(9, 9)}; // mean 9 against baseline 5, but on 2 days
    spec.given(twoDays).when(checkOnDay(10, active())).thenNothing();
    spec.given(append(twoDays, on(10, 9))).when(checkOnDay(10, active()))
        .then(events -> assertThat(onlyFlag(events).code()).isEqualTo(FlagCode.WORSENING_PAIN));
  }

  @Test
  void at_week_6_too_few_pain_days_ask_a_clinician_and_enough_of_them_let_the_adherence_decide() {
    List<CareEvent> logged = new ArrayList<>(List.of(sessions(30, 1, 5))); // days 0-29: adherence 32 of 42
    logged.add(on(36, 5));
    logged.add(on(38, 5));
    ProgressAssessed week4 = (ProgressAssessed) spec.given(logged.toArray(CareEvent[]::new))
        .when(checkOnDay(28, active())).decidedEvents().getFirst();
    logged.add(week4);
    spec.given(logged.toArray(CareEvent[]::new)).when(checkOnDay(42, active())).then(events -> {
      RedFlagRaised flag = onlyFlag(events);
      assertThat(flag.recommendation()).isEqualTo(Recommendation.CLINICIAN_REVIEW);
      assertThat(flag.reasons()).anyMatch(r -> r.startsWith("Pain was logged on 2 of the last 7 days"));
    });
    logged.add(on(40, 5));
    spec.given(logged.toArray(CareEvent[]::new)).when(checkOnDay(42, active()))
        .then(events -> assertThat(onlyFlag(events).recommendation()).isEqualTo(Recommendation.MRI_EVALUATION));
  }

  @Test
  void resumed_from_no_improvement_the_rule_waits_four_weeks_from_the_resume_day_27_silent_day_28_raises() {
    CareEvent[] unchanged = sessions(71, 1, 5); // every day, pain as at baseline
    ProgressAssessed week4 = (ProgressAssessed) spec.given(sessions(29, 1, 5)).when(checkOnDay(28, active()))
        .decidedEvents().getFirst();
    CareEvent[] history = append(unchanged, week4);
    RedFlagRaised first = onlyFlag(spec.given(history).when(checkOnDay(42, active())).decidedEvents());
    assertThat(first.code()).isEqualTo(FlagCode.NO_IMPROVEMENT);
    CareEvent[] flagged = append(history, first);
    ProgressAssessed week8 = (ProgressAssessed) spec.given(flagged).when(checkOnDay(56, resumedOn(42, first.flagId())))
        .decidedEvents().getFirst();
    CareEvent[] later = append(flagged, week8);

    spec.given(later).when(checkOnDay(69, resumedOn(42, first.flagId()))).thenNothing(); // 27 days after the resume
    spec.given(later).when(checkOnDay(70, resumedOn(42, first.flagId()))).then(events -> {
      RedFlagRaised again = onlyFlag(events);
      assertThat(again.code()).isEqualTo(FlagCode.NO_IMPROVEMENT);
      assertThat(again.flagId()).isNotEqualTo(first.flagId());
      assertThat(again.reasons()).anyMatch(r -> r.startsWith("28 days since a clinician resumed the plan"));
    });
  }

  @Test
  void resumed_from_worsening_pain_the_rule_compares_with_the_mean_at_the_resume() {
    CareEvent[] worse = sessions(11, 1, 7); // mean 7 against baseline 5
    RedFlagRaised flag = onlyFlag(spec.given(worse).when(checkOnDay(10, active())).decidedEvents());
    PlanFacts resumed = resumedOn(10, flag.flagId()); // the 7-day mean that day: 7
    CareEvent[] after = append(append(append(worse, flag), on(11, 8)), on(12, 8));
    spec.given(after).when(checkOnDay(12, resumed)).thenNothing(); // 7.3, not 9
    CareEvent[] muchWorse = append(worse, flag);
    for (int day = 11; day <= 16; day++) {
      muchWorse = append(muchWorse, on(day, 10));
    }
    spec.given(muchWorse).when(checkOnDay(16, resumed)) // 9.6: at least 2 above the 7 of the resume
        .then(events -> assertThat(onlyFlag(events).reasons().getFirst()).contains("when a clinician resumed"));
  }

  @Test
  void resumed_after_a_silent_suspension_the_rule_compares_with_the_last_mean_known_before_the_resume() {
    CareEvent[] worse = sessions(11, 1, 7); // days 0-10, mean 7 against baseline 5
    RedFlagRaised flag = onlyFlag(spec.given(worse).when(checkOnDay(10, active())).decidedEvents());
    PlanFacts resumed = resumedOn(20, flag.flagId()); // no session in the 7 days before the resume
    CareEvent[] after = append(worse, flag);
    for (int day = 21; day <= 23; day++) {
      after = append(after, on(day, 8)); // 8: 3 above baseline, 1 above the mean known at the resume
    }
    spec.given(after).when(checkOnDay(23, resumed)).thenNothing();
  }

  @Test
  void after_a_resume_from_persistent_symptoms_only_reports_since_the_resume_count() {
    CareEvent[] episode = {on(2, 4, SessionSymptom.NUMBNESS), on(9, 4, SessionSymptom.NUMBNESS),
        on(16, 4, SessionSymptom.NUMBNESS)};
    RedFlagRaised flag = onlyFlag(spec.given(episode).when(log(on(17, 4, SessionSymptom.NUMBNESS))).decidedEvents());
    PlanFacts resumed = resumedOn(20, flag.flagId());
    List<CareEvent> history = new ArrayList<>(List.of(episode));
    history.addAll(List.of(on(17, 4, SessionSymptom.NUMBNESS), flag, on(19, 4, SessionSymptom.NUMBNESS),
        on(21, 4, SessionSymptom.NUMBNESS), on(28, 4, SessionSymptom.NUMBNESS)));
    // day 19 was before the resume: the episode starts on day 21
    spec.given(history.toArray(CareEvent[]::new))
        .when(new PlanProgress.LogSession(on(35, 4, SessionSymptom.NUMBNESS), resumed))
        .then(on(35, 4, SessionSymptom.NUMBNESS));
    history.add(on(35, 4, SessionSymptom.NUMBNESS));
    spec.given(history.toArray(CareEvent[]::new))
        .when(new PlanProgress.LogSession(on(36, 4, SessionSymptom.NUMBNESS), resumed))
        .then(events -> assertThat(onlyFlag(events).code()).isEqualTo(FlagCode.PERSISTENT_NEUROLOGICAL_SYMPTOMS));
  }

  @Test
  void a_completed_or_unstarted_plan_is_not_checked() {
    CareEvent[] worse = sessions(10, 1, 9);
    spec.given(worse).when(checkOnDay(10, plan(PlanFacts.Status.COMPLETED))).thenNothing();
    spec.given(worse).when(checkOnDay(10, plan(PlanFacts.Status.AWAITING_APPROVAL))).thenNothing();
  }

  private static CareEvent[] append(CareEvent[] history, CareEvent event) {
    CareEvent[] longer = Arrays.copyOf(history, history.length + 1);
    longer[history.length] = event;
    return longer;
  }
}
