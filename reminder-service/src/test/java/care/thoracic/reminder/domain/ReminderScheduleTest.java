package care.thoracic.reminder.domain;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.ReminderKind;
import care.thoracic.contracts.clinical.WorkPattern;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** CLINICAL.md §7, given a plan and preferences, when a span is scheduled, then these reminders. */
class ReminderScheduleTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final WorkPattern DESK_9_TO_5 = new WorkPattern(8, LocalTime.of(9, 0), LocalTime.of(17, 0), false);
  /** For the daylight-saving days, which fall on Sundays. */
  private static final WorkPattern DESK_9_TO_5_EVERY_DAY = new WorkPattern(8, LocalTime.of(9, 0), LocalTime.of(17, 0),
      false, EnumSet.allOf(DayOfWeek.class));
  private static final WorkPattern STANDING_DESK_9_TO_5 =
      new WorkPattern(8, LocalTime.of(9, 0), LocalTime.of(17, 0), true);
  private final ReminderSchedule schedule = new ReminderSchedule(ReminderRules.CURRENT);
  private final UUID planId = UUID.randomUUID();

  private ScheduledPlan plan(Phase phase, LocalDate phaseStartedOn, ZoneId zone, WorkPattern work, LocalDate... sessionDays) {
    return new ScheduledPlan(planId, PatientId.of("pat-1"), phase, phaseStartedOn, phaseStartedOn.minusDays(10), zone,
        work, true, Set.of(sessionDays));
  }

  /** The whole local day. */
  private List<PlannedReminder> day(ScheduledPlan plan, ReminderPreferences preferences, LocalDate day) {
    ZoneId zone = plan.timezone();
    return schedule.between(plan, preferences, day.atStartOfDay(zone).toInstant(),
        day.plusDays(1).atStartOfDay(zone).toInstant());
  }

  private static List<LocalTime> localTimes(List<PlannedReminder> reminders, ReminderKind kind) {
    return reminders.stream().filter(r -> r.kind() == kind).map(r -> r.localDue().toLocalTime()).toList();
  }

  private static Instant at(String local, ZoneId zone) {
    return LocalDateTime.parse(local).atZone(zone).toInstant();
  }

  @Test
  void on_the_spring_forward_day_in_berlin_every_reminder_keeps_its_local_time() {
    ScheduledPlan foundation = plan(Phase.FOUNDATION, LocalDate.of(2026, 3, 20), BERLIN, DESK_9_TO_5_EVERY_DAY);

    List<PlannedReminder> dstDay = day(foundation, ReminderPreferences.DEFAULTS, LocalDate.of(2026, 3, 29));

    assertThat(localTimes(dstDay, ReminderKind.BREATHING)).containsExactly(LocalTime.of(9, 0), LocalTime.of(19, 0));
    assertThat(localTimes(dstDay, ReminderKind.EXERCISE)).containsExactly(LocalTime.of(18, 0));
    assertThat(localTimes(dstDay, ReminderKind.MICRO_BREAK)).containsExactly(LocalTime.of(10, 0), LocalTime.of(11, 0),
        LocalTime.of(12, 0), LocalTime.of(13, 0), LocalTime.of(14, 0), LocalTime.of(15, 0), LocalTime.of(16, 0));
    // 09:00 is 07:00 UTC once summer time began that night, 08:00 UTC the day before
    assertThat(dstDay.getFirst().dueAt()).isEqualTo(Instant.parse("2026-03-29T07:00:00Z"));
    assertThat(day(foundation, ReminderPreferences.DEFAULTS, LocalDate.of(2026, 3, 28)).getFirst().dueAt())
        .isEqualTo(Instant.parse("2026-03-28T08:00:00Z"));
  }

  @Test
  void on_the_fall_back_day_in_berlin_the_25_hour_day_has_the_same_reminders_at_the_same_local_times() {
    ScheduledPlan foundation = plan(Phase.FOUNDATION, LocalDate.of(2026, 10, 20), BERLIN, DESK_9_TO_5_EVERY_DAY);

    List<PlannedReminder> dstDay = day(foundation, ReminderPreferences.DEFAULTS, LocalDate.of(2026, 10, 25));

    assertThat(dstDay).hasSize(2 + 1 + 7);
    assertThat(localTimes(dstDay, ReminderKind.EXERCISE)).containsExactly(LocalTime.of(18, 0));
    assertThat(dstDay.getFirst().dueAt()).isEqualTo(Instant.parse("2026-10-25T08:00:00Z"));
  }

  @Test
  void in_new_york_the_daylight_saving_days_keep_local_times_too() {
    ScheduledPlan mobility = plan(Phase.MOBILITY, LocalDate.of(2026, 3, 1), NEW_YORK, null);
    ScheduledPlan strength = plan(Phase.STRENGTH, LocalDate.of(2026, 10, 20), NEW_YORK, null);

    List<PlannedReminder> spring = day(mobility, ReminderPreferences.DEFAULTS, LocalDate.of(2026, 3, 8));
    List<PlannedReminder> fall = day(strength, ReminderPreferences.DEFAULTS, LocalDate.of(2026, 11, 1));

    assertThat(spring).singleElement().satisfies(r -> {
      assertThat(r.kind()).isEqualTo(ReminderKind.EXERCISE);
      assertThat(r.dueAt()).isEqualTo(Instant.parse("2026-03-08T22:00:00Z")); // 18:00 EDT
    });
    assertThat(fall).singleElement().satisfies(r -> assertThat(r.dueAt())
        .isEqualTo(Instant.parse("2026-11-01T23:00:00Z"))); // 18:00 EST
  }

  @Test
  void a_preferred_time_inside_quiet_hours_moves_to_their_end_and_says_so() {
    ScheduledPlan strength = plan(Phase.STRENGTH, LocalDate.of(2026, 11, 2), BERLIN, null);
    ReminderPreferences lateOwl = new ReminderPreferences(LocalTime.of(23, 30), null, null);

    List<PlannedReminder> tuesday = day(strength, lateOwl, LocalDate.of(2026, 11, 24));

    assertThat(tuesday).singleElement().satisfies(r -> {
      assertThat(r.kind()).isEqualTo(ReminderKind.EXERCISE);
      assertThat(r.localDue()).isEqualTo(LocalDateTime.of(2026, 11, 24, 7, 0)); // Monday's, moved to the morning
      assertThat(r.reasons()).anyMatch(reason -> reason.contains("moved from 23:30 to 07:00: inside quiet hours 22:00-07:00"));
      assertThat(r.reasons().getFirst()).startsWith("reminder-rules-2026.11: daily exercise in STRENGTH");
    });
  }

  @Test
  void a_time_that_does_not_exist_on_the_spring_forward_day_is_judged_where_the_clock_puts_it() {
    ReminderPreferences earlyBird = new ReminderPreferences(LocalTime.of(2, 30), new QuietHours(LocalTime.of(3, 0),
        LocalTime.of(7, 0)), null);
    ScheduledPlan strength = plan(Phase.STRENGTH, LocalDate.of(2026, 3, 2), BERLIN, null);

    List<PlannedReminder> dstDay = day(strength, earlyBird, LocalDate.of(2026, 3, 29));

    // 02:30 is 03:30 that night, inside quiet hours: the exercise waits for 07:00
    assertThat(localTimes(dstDay, ReminderKind.EXERCISE)).containsExactly(LocalTime.of(7, 0));
    assertThat(localTimes(day(strength, earlyBird, LocalDate.of(2026, 3, 28)), ReminderKind.EXERCISE))
        .containsExactly(LocalTime.of(2, 30));
  }

  @Test
  void breaks_inside_quiet_hours_are_dropped_not_moved() {
    WorkPattern nightShift = new WorkPattern(8, LocalTime.of(20, 0), LocalTime.of(4, 0), false);
    ScheduledPlan foundation = plan(Phase.FOUNDATION, LocalDate.of(2026, 11, 2), BERLIN, nightShift);

    List<PlannedReminder> reminders = day(foundation, ReminderPreferences.DEFAULTS, LocalDate.of(2026, 11, 24));

    // 21:00 is before quiet hours; 22:00 to 03:00 (of the shift that began the evening before) fall inside
    assertThat(localTimes(reminders, ReminderKind.MICRO_BREAK)).containsExactly(LocalTime.of(21, 0));
    assertThat(reminders).noneMatch(r -> ReminderRules.CURRENT.defaultQuietHours().contains(r.localDue().toLocalTime()));
  }

  @Test
  void day_time_quiet_hours_for_a_night_worker_are_kept_too() {
    ReminderPreferences sleepsByDay = new ReminderPreferences(LocalTime.of(11, 0), new QuietHours(LocalTime.of(8, 0),
        LocalTime.of(15, 0)), null);
    ScheduledPlan foundation = plan(Phase.FOUNDATION, LocalDate.of(2026, 11, 2), BERLIN, DESK_9_TO_5);

    List<PlannedReminder> reminders = day(foundation, sleepsByDay, LocalDate.of(2026, 11, 24));

    assertThat(localTimes(reminders, ReminderKind.BREATHING)).containsExactly(LocalTime.of(15, 0), LocalTime.of(19, 0));
    assertThat(localTimes(reminders, ReminderKind.EXERCISE)).containsExactly(LocalTime.of(15, 0));
    assertThat(localTimes(reminders, ReminderKind.MICRO_BREAK)).containsExactly(LocalTime.of(15, 0), LocalTime.of(16, 0));
  }

  @Test
  void a_reminder_moved_onto_the_rules_own_time_for_its_kind_is_not_sent_twice() {
    ReminderPreferences earlyNights = new ReminderPreferences(null, new QuietHours(LocalTime.of(18, 30),
        LocalTime.of(9, 0)), null);
    ScheduledPlan foundation = plan(Phase.FOUNDATION, LocalDate.of(2026, 11, 2), BERLIN, null);

    List<PlannedReminder> reminders = day(foundation, earlyNights, LocalDate.of(2026, 11, 24));

    // Monday's 19:00 breathing moves onto Tuesday 09:00, where Tuesday's own already is
    assertThat(localTimes(reminders, ReminderKind.BREATHING)).containsExactly(LocalTime.of(9, 0));
    assertThat(reminders.stream().filter(r -> r.kind() == ReminderKind.BREATHING).findFirst().orElseThrow().reasons())
        .noneMatch(reason -> reason.contains("moved"));
  }

  @Test
  void ice_every_two_and_a_half_hours_while_awake_until_72_hours_after_onset() {
    LocalDate onset = LocalDate.of(2026, 11, 23);
    ScheduledPlan acute = new ScheduledPlan(planId, PatientId.of("pat-1"), Phase.ACUTE, onset, onset, BERLIN, null, true,
        Set.of());
    Instant intake = at("2026-11-23T10:00", BERLIN);

    List<PlannedReminder> ice = schedule.between(acute, ReminderPreferences.DEFAULTS, intake, intake.plus(
        java.time.Duration.ofDays(5))).stream().filter(r -> r.kind() == ReminderKind.ICE).toList();

    // the onset day from 10:00: 12:00, 14:30, 17:00, 19:30; then 07:00 to 19:30 twice; none from the 26th
    assertThat(ice).hasSize(4 + 6 + 6);
    assertThat(ice.getFirst().localDue()).isEqualTo(LocalDateTime.of(2026, 11, 23, 12, 0));
    assertThat(ice.getLast().localDue()).isEqualTo(LocalDateTime.of(2026, 11, 25, 19, 30));
    assertThat(ice).allMatch(r -> r.reasons().getFirst().contains("until 72 h after onset (2026-11-23)"));
  }

  @Test
  void acute_has_breathing_and_micro_breaks_but_no_exercise_or_standing_breaks() {
    LocalDate onset = LocalDate.of(2026, 11, 23);
    ScheduledPlan acute = new ScheduledPlan(planId, PatientId.of("pat-1"), Phase.ACUTE, onset, onset, BERLIN,
        STANDING_DESK_9_TO_5, true, Set.of());

    List<PlannedReminder> reminders = day(acute, ReminderPreferences.DEFAULTS, LocalDate.of(2026, 11, 24));

    assertThat(reminders).extracting(PlannedReminder::kind).doesNotContain(ReminderKind.EXERCISE,
        ReminderKind.STANDING_BREAK);
    assertThat(localTimes(reminders, ReminderKind.BREATHING)).hasSize(2);
    assertThat(localTimes(reminders, ReminderKind.MICRO_BREAK)).hasSize(7);
  }

  @Test
  void a_standing_desk_gets_a_change_every_45_minutes_of_the_working_day() {
    ScheduledPlan mobility = plan(Phase.MOBILITY, LocalDate.of(2026, 11, 16), BERLIN, STANDING_DESK_9_TO_5);

    List<PlannedReminder> reminders = day(mobility, ReminderPreferences.DEFAULTS, LocalDate.of(2026, 11, 24));

    assertThat(localTimes(reminders, ReminderKind.STANDING_BREAK)).hasSize(10)
        .startsWith(LocalTime.of(9, 45), LocalTime.of(10, 30)).endsWith(LocalTime.of(16, 30));
  }

  @Test
  void a_travelling_patient_is_reminded_on_the_clock_of_where_they_are() {
    ScheduledPlan strength = plan(Phase.STRENGTH, LocalDate.of(2026, 11, 2), BERLIN, null);
    ReminderPreferences inNewYork = new ReminderPreferences(null, null, NEW_YORK);

    List<PlannedReminder> reminders = schedule.between(strength, inNewYork, Instant.parse("2026-11-24T12:00:00Z"),
        Instant.parse("2026-11-25T12:00:00Z"));

    assertThat(reminders).singleElement().satisfies(r -> {
      assertThat(r.localDue()).isEqualTo(LocalDateTime.of(2026, 11, 24, 18, 0));
      assertThat(r.dueAt()).isEqualTo(Instant.parse("2026-11-24T23:00:00Z"));
    });
  }

  @Test
  void a_session_logged_today_satisfies_todays_exercise_reminder_but_not_tomorrows() {
    LocalDate today = LocalDate.of(2026, 11, 24);
    ScheduledPlan strength = plan(Phase.STRENGTH, LocalDate.of(2026, 11, 2), BERLIN, null, today);

    assertThat(day(strength, ReminderPreferences.DEFAULTS, today)).isEmpty();
    assertThat(localTimes(day(strength, ReminderPreferences.DEFAULTS, today.plusDays(1)), ReminderKind.EXERCISE))
        .containsExactly(LocalTime.of(18, 0));
  }

  @Test
  void a_suspended_or_completed_plan_has_no_reminders() {
    ScheduledPlan suspended = new ScheduledPlan(planId, PatientId.of("pat-1"), Phase.FOUNDATION,
        LocalDate.of(2026, 11, 2), LocalDate.of(2026, 10, 30), BERLIN, DESK_9_TO_5, false, Set.of());

    assertThat(day(suspended, ReminderPreferences.DEFAULTS, LocalDate.of(2026, 11, 24))).isEmpty();
  }

  @Test
  void maintenance_names_each_mondays_focus_and_assesses_in_week_4() {
    ScheduledPlan maintenance = plan(Phase.MAINTENANCE, LocalDate.of(2026, 11, 2), BERLIN, DESK_9_TO_5);

    List<PlannedReminder> fiveWeeks = schedule.between(maintenance, ReminderPreferences.DEFAULTS,
        at("2026-11-02T00:00", BERLIN), at("2026-12-07T00:00", BERLIN));

    assertThat(fiveWeeks.stream().filter(r -> r.kind() == ReminderKind.WEEKLY_FOCUS).map(PlannedReminder::focus))
        .containsExactly("mobility", "strength", "function", "assess", "mobility");
    assertThat(fiveWeeks).filteredOn(r -> r.kind() == ReminderKind.ASSESSMENT).singleElement()
        .satisfies(r -> assertThat(r.localDue()).isEqualTo(LocalDateTime.of(2026, 11, 23, 9, 0)));
    assertThat(fiveWeeks).extracting(PlannedReminder::kind).containsOnly(ReminderKind.WEEKLY_FOCUS,
        ReminderKind.ASSESSMENT); // no daily or work-hour reminders once in maintenance
  }

  @Test
  void computing_the_schedule_again_names_the_same_reminders() {
    ScheduledPlan foundation = plan(Phase.FOUNDATION, LocalDate.of(2026, 11, 2), BERLIN, DESK_9_TO_5);
    ZonedDateTime monday = LocalDate.of(2026, 11, 23).atStartOfDay(BERLIN);

    List<PlannedReminder> first = schedule.between(foundation, ReminderPreferences.DEFAULTS, monday.toInstant(),
        monday.plusHours(48).toInstant());
    List<PlannedReminder> again = schedule.between(foundation, ReminderPreferences.DEFAULTS,
        monday.plusHours(12).toInstant(), monday.plusHours(60).toInstant());

    assertThat(again.stream().map(PlannedReminder::reminderId).limit(5))
        .isSubsetOf(first.stream().map(PlannedReminder::reminderId).toList());
    assertThat(first).extracting(PlannedReminder::reminderId).doesNotHaveDuplicates();
  }

  @Test
  void given_a_monday_to_friday_worker_when_friday_and_saturday_are_scheduled_then_work_breaks_fall_on_friday_only() {
    ScheduledPlan mobility = plan(Phase.MOBILITY, LocalDate.of(2026, 11, 16), BERLIN, STANDING_DESK_9_TO_5);

    List<PlannedReminder> friday = day(mobility, ReminderPreferences.DEFAULTS, LocalDate.of(2026, 11, 27));
    List<PlannedReminder> saturday = day(mobility, ReminderPreferences.DEFAULTS, LocalDate.of(2026, 11, 28));

    assertThat(localTimes(friday, ReminderKind.MICRO_BREAK)).hasSize(7);
    assertThat(localTimes(friday, ReminderKind.STANDING_BREAK)).isNotEmpty();
    assertThat(saturday).extracting(PlannedReminder::kind)
        .doesNotContain(ReminderKind.MICRO_BREAK, ReminderKind.STANDING_BREAK)
        .contains(ReminderKind.EXERCISE); // the day's own reminders stay
  }

  @Test
  void given_a_weekend_worker_when_friday_and_saturday_are_scheduled_then_work_breaks_fall_on_saturday_only() {
    WorkPattern weekends = new WorkPattern(8, LocalTime.of(9, 0), LocalTime.of(17, 0), false,
        EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY));
    ScheduledPlan mobility = plan(Phase.MOBILITY, LocalDate.of(2026, 11, 16), BERLIN, weekends);

    assertThat(localTimes(day(mobility, ReminderPreferences.DEFAULTS, LocalDate.of(2026, 11, 27)),
        ReminderKind.MICRO_BREAK)).isEmpty();
    assertThat(localTimes(day(mobility, ReminderPreferences.DEFAULTS, LocalDate.of(2026, 11, 28)),
        ReminderKind.MICRO_BREAK)).hasSize(7);
  }
}
