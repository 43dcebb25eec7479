package care.thoracic.progress.domain;

import static care.thoracic.progress.domain.Sessions.BASELINE;
import static care.thoracic.progress.domain.Sessions.PATIENT;
import static care.thoracic.progress.domain.Sessions.PLAN;
import static care.thoracic.progress.domain.Sessions.START;
import static care.thoracic.progress.domain.Sessions.active;
import static care.thoracic.progress.domain.Sessions.on;
import static care.thoracic.progress.domain.Sessions.plan;
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
  void numbness_still_reported_15_days_after_it_was_first_reported_raises_a_high_flag_day_14_does_not() {
    SessionLogged first = on(2, 4, SessionSymptom.NUMBNESS);
    spec.given(first).when(log(on(16, 4, SessionSymptom.NUMBNESS))).then(on(16, 4, SessionSymptom.NUMBNESS));
    spec.given(first).when(log(on(17, 4, SessionSymptom.WEAKNESS))).then(events -> {
      RedFlagRaised flag = onlyFlag(events);
      assertThat(flag.code()).isEqualTo(FlagCode.PERSISTENT_NEUROLOGICAL_SYMPTOMS);
      assertThat(flag.recommendation()).isEqualTo(Recommendation.IMAGING);
    });
  }

  @Test
  void after_a_persistent_symptom_flag_the_fourteen_days_count_afresh() {
    SessionLogged first = on(2, 4, SessionSymptom.NUMBNESS);
    SessionLogged later = on(17, 4, SessionSymptom.NUMBNESS);
    RedFlagRaised flag = onlyFlag(spec.given(first).when(log(later)).decidedEvents());
    PlanFacts resolved = plan(PlanFacts.Status.ACTIVE, flag.flagId());
    spec.given(first, later, flag).when(new PlanProgress.LogSession(on(20, 4, SessionSymptom.NUMBNESS), resolved))
        .then(on(20, 4, SessionSymptom.NUMBNESS));
    spec.given(first, later, flag, on(20, 4, SessionSymptom.NUMBNESS))
        .when(new PlanProgress.LogSession(on(35, 4, SessionSymptom.NUMBNESS), resolved))
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
