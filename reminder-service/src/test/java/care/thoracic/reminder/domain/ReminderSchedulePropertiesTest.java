package care.thoracic.reminder.domain;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.WorkPattern;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** What holds for any plan, preferences, zone and span (zones with daylight saving and half hours). */
class ReminderSchedulePropertiesTest {
  private static final ReminderSchedule SCHEDULE = new ReminderSchedule(ReminderRules.CURRENT);
  private static final List<String> ZONES = List.of("Europe/Berlin", "America/New_York", "Asia/Kolkata",
      "Australia/Sydney", "Pacific/Auckland", "UTC", "America/St_Johns");

  record Case(ScheduledPlan plan, ReminderPreferences preferences, Instant from, Duration span) {}

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<ZoneId> zones = Arbitraries.of(ZONES).map(ZoneId::of);
    Arbitrary<LocalTime> times = Arbitraries.integers().between(0, 24 * 4 - 1).map(q -> LocalTime.of(q / 4, q % 4 * 15));
    Arbitrary<WorkPattern> work = Combinators.combine(Arbitraries.integers().between(0, 10), times, times,
        Arbitraries.of(true, false)).filter((hours, start, end, standing) -> !start.equals(end))
        .as(WorkPattern::new).injectNull(0.2);
    Arbitrary<QuietHours> quiet = Combinators.combine(times, times).filter((start, end) -> !start.equals(end))
        .as(QuietHours::new).injectNull(0.3);
    Arbitrary<ReminderPreferences> preferences = Combinators.combine(times.injectNull(0.3), quiet,
        zones.injectNull(0.7)).as(ReminderPreferences::new);
    // spans around 2026's daylight-saving changes in both hemispheres, and ordinary days
    Arbitrary<Instant> from = Arbitraries.of(Instant.parse("2026-03-07T00:00:00Z"), Instant.parse("2026-03-28T00:00:00Z"),
        Instant.parse("2026-04-04T00:00:00Z"), Instant.parse("2026-09-26T00:00:00Z"),
        Instant.parse("2026-10-24T00:00:00Z"), Instant.parse("2026-10-31T00:00:00Z"), Instant.parse("2026-11-24T00:00:00Z"))
        .flatMap(day -> Arbitraries.integers().between(0, 48 * 60).map(minutes -> day.plus(Duration.ofMinutes(minutes))));
    Arbitrary<ScheduledPlan> plans = Combinators.combine(Arbitraries.of(Phase.class), zones, work,
        Arbitraries.integers().between(0, 40)).as((phase, zone, pattern, daysIn) -> {
          LocalDate start = LocalDate.of(2026, 3, 1).plusDays(daysIn);
          return new ScheduledPlan(UUID.randomUUID(), PatientId.of("pat-p"), phase, start, start.minusDays(1), zone,
              pattern, true, Set.of());
        });
    return Combinators.combine(plans, preferences, from, Arbitraries.integers().between(0, 72 * 60)
        .map(Duration::ofMinutes)).as(Case::new);
  }

  private static List<PlannedReminder> schedule(Case c, Instant from, Instant to) {
    return SCHEDULE.between(c.plan(), c.preferences(), from, to);
  }

  @Property(tries = 300)
  void no_reminder_is_ever_due_inside_quiet_hours_or_outside_the_span(@ForAll("cases") Case c) {
    QuietHours quiet = c.preferences().quietHours() == null ? ReminderRules.CURRENT.defaultQuietHours()
        : c.preferences().quietHours();
    Instant to = c.from().plus(c.span());

    List<PlannedReminder> reminders = schedule(c, c.from(), to);

    assertThat(reminders).allSatisfy(r -> {
      assertThat(quiet.contains(r.localDue().toLocalTime())).as("%s in quiet hours %s", r.localDue(), quiet).isFalse();
      assertThat(r.dueAt()).isBetween(c.from(), to.minusNanos(1));
      ZoneId zone = c.preferences().timezone() == null ? c.plan().timezone() : c.preferences().timezone();
      assertThat(r.localDue().atZone(zone).toInstant()).isEqualTo(r.dueAt());
    });
    assertThat(reminders).isSortedAccordingTo((a, b) -> a.dueAt().compareTo(b.dueAt()));
  }

  @Property(tries = 300)
  void a_span_split_anywhere_schedules_exactly_what_the_whole_span_does(@ForAll("cases") Case c,
      @ForAll @IntRange(min = 0, max = 1000) int splitPermille) {
    Instant to = c.from().plus(c.span());
    Instant split = c.from().plus(c.span().multipliedBy(splitPermille).dividedBy(1000));

    List<PlannedReminder> parts = new ArrayList<>(schedule(c, c.from(), split));
    parts.addAll(schedule(c, split, to));

    assertThat(parts).containsExactlyElementsOf(schedule(c, c.from(), to));
  }
}
