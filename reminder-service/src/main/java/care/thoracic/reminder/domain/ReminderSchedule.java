package care.thoracic.reminder.domain;

import care.thoracic.contracts.Nullable;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.ReminderKind;
import care.thoracic.contracts.clinical.WorkPattern;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The reminders of CLINICAL.md §7 for one plan over a span of time: a pure function of the plan
 * (phase, onset, zone, work pattern, days with a session) and the patient's preferences. Times are
 * planned on the patient's clock, so a daylight-saving day has the right local times; each
 * reminder says which rule planned it. Quiet hours are never broken: a reminder inside them moves
 * to their end if its kind is still worth sending then, and is dropped if not.
 */
public final class ReminderSchedule {
  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm");
  private final ReminderRules rules;

  public ReminderSchedule(ReminderRules rules) {
    this.rules = rules;
  }

  public ReminderRules rules() {
    return rules;
  }

  /** The reminders due in {@code [from, to)}, by due time; none for a plan that is not running. */
  public List<PlannedReminder> between(ScheduledPlan plan, ReminderPreferences preferences, Instant from, Instant to) {
    if (!plan.running()) {
      return List.of();
    }
    ZoneId zone = preferences.zone(plan);
    QuietHours quiet = preferences.quietHours(rules);
    Map<String, Placed> planned = new LinkedHashMap<>();
    // from the day before: an evening reminder moved past quiet hours lands on the next morning
    LocalDate last = to.atZone(zone).toLocalDate();
    for (LocalDate day = from.atZone(zone).toLocalDate().minusDays(1); !day.isAfter(last); day = day.plusDays(1)) {
      for (Candidate candidate : candidates(plan, preferences, day)) {
        Placed placed = place(plan, candidate, quiet, zone);
        if (placed == null || placed.reminder().dueAt().isBefore(from) || !placed.reminder().dueAt().isBefore(to)) {
          continue;
        }
        // one reminder of a kind at a time: the rule's own time wins over one moved onto it
        planned.merge(placed.reminder().kind() + "@" + placed.reminder().dueAt(), placed,
            (kept, other) -> kept.moved() && !other.moved() ? other : kept);
      }
    }
    return planned.values().stream().map(Placed::reminder)
        .sorted(Comparator.comparing(PlannedReminder::dueAt).thenComparing(PlannedReminder::kind)).toList();
  }

  /** What a rule asks for, at the local time it names. */
  private record Candidate(ReminderKind kind, LocalDateTime at, @Nullable String focus, String reason) {}

  private record Placed(PlannedReminder reminder, boolean moved) {}

  private List<Candidate> candidates(ScheduledPlan plan, ReminderPreferences preferences, LocalDate day) {
    List<Candidate> candidates = new ArrayList<>();
    if (day.isBefore(plan.phaseStartedOn())) {
      return candidates; // earlier days belonged to another phase, and are past
    }
    Phase phase = plan.phase();
    if (phase == Phase.ACUTE) {
      ice(plan, preferences.quietHours(rules), day, candidates);
    }
    if (phase == Phase.ACUTE || phase == Phase.FOUNDATION) {
      for (LocalTime at : rules.breathingAt()) {
        candidates.add(new Candidate(ReminderKind.BREATHING, day.atTime(at), null,
            "diaphragmatic breathing twice daily in " + phase + " (" + hours(rules.breathingAt()) + ")"));
      }
    }
    if (phase == Phase.FOUNDATION || phase == Phase.MOBILITY || phase == Phase.STRENGTH) {
      if (!plan.sessionDays().contains(day)) {
        LocalTime at = preferences.exerciseAt(rules);
        candidates.add(new Candidate(ReminderKind.EXERCISE, day.atTime(at), null,
            "daily exercise in " + phase + " at the patient's preferred time (" + HOUR.format(at) + ")"));
      }
    }
    WorkPattern work = plan.work();
    if (work != null && phase != Phase.MAINTENANCE && work.worksOn(day.getDayOfWeek())) {
      if (work.deskWorker()) {
        everyWithinWork(work, day, rules.microBreakEvery(), ReminderKind.MICRO_BREAK,
            "hourly micro-break within work hours for a desk worker", candidates);
      }
      if (work.standingDesk() && phase != Phase.ACUTE) {
        everyWithinWork(work, day, rules.standingBreakEvery(), ReminderKind.STANDING_BREAK,
            "standing-desk change every " + rules.standingBreakEvery().toMinutes() + " min within work hours",
            candidates);
      }
    }
    if (phase == Phase.MAINTENANCE && day.getDayOfWeek() == rules.weeklyFocusOn()) {
      int cycleWeek = (int) (ChronoUnit.DAYS.between(plan.phaseStartedOn(), day) / 7 % 4);
      String focus = rules.maintenanceFocus().get(cycleWeek);
      LocalDateTime at = day.atTime(rules.weeklyFocusAt());
      candidates.add(new Candidate(ReminderKind.WEEKLY_FOCUS, at, focus,
          "maintenance week " + (cycleWeek + 1) + " of 4: " + focus));
      if (cycleWeek == 3) {
        candidates.add(new Candidate(ReminderKind.ASSESSMENT, at, focus,
            "maintenance week 4 of 4: assess pain, range of motion and function"));
      }
    }
    return candidates;
  }

  /** Ice every 2.5 h from the end of quiet hours while awake, until 72 h after onset. */
  private void ice(ScheduledPlan plan, QuietHours quiet, LocalDate day, List<Candidate> candidates) {
    LocalDateTime acuteEnds = plan.onsetDate().plusDays(rules.acuteDays()).atStartOfDay();
    LocalDateTime awake = day.atTime(quiet.end());
    for (LocalDateTime at = awake; at.isBefore(awake.plusDays(1)) && at.isBefore(acuteEnds);
        at = at.plus(rules.iceEvery())) {
      if (quiet.contains(at.toLocalTime())) {
        break; // the waking day is over
      }
      candidates.add(new Candidate(ReminderKind.ICE, at, null, "ice 15-20 min every "
          + minutes(rules.iceEvery()) + " while awake until 72 h after onset (" + plan.onsetDate() + ")"));
    }
  }

  private static void everyWithinWork(WorkPattern work, LocalDate day, Duration every, ReminderKind kind, String reason,
      List<Candidate> candidates) {
    LocalDateTime start = day.atTime(work.workStart());
    LocalDateTime end = work.overnight() ? day.plusDays(1).atTime(work.workEnd()) : day.atTime(work.workEnd());
    for (LocalDateTime at = start.plus(every); at.isBefore(end); at = at.plus(every)) {
      candidates.add(new Candidate(kind, at, null, reason + " (" + HOUR.format(work.workStart()) + "-"
          + HOUR.format(work.workEnd()) + ")"));
    }
  }

  /** Where the candidate lands: its own time, the end of quiet hours, or nowhere. */
  private @Nullable Placed place(ScheduledPlan plan, Candidate candidate, QuietHours quiet, ZoneId zone) {
    List<String> reasons = new ArrayList<>(List.of(rules.version() + ": " + candidate.reason()));
    ZonedDateTime due = candidate.at().atZone(zone); // a time in a spring-forward gap moves on by the gap
    boolean moved = false;
    if (quiet.contains(due.toLocalTime())) {
      if (!rules.movableKinds().contains(candidate.kind())) {
        return null; // a break or an ice pack is not worth waking anyone for, nor worth sending late
      }
      due = quiet.endAfter(due.toLocalDateTime()).atZone(zone);
      moved = true;
      reasons.add("moved from " + HOUR.format(candidate.at()) + " to " + HOUR.format(due) + ": inside quiet hours "
          + quiet);
    }
    UUID id = UUID.nameUUIDFromBytes(("reminder:" + plan.planId() + ":" + candidate.kind() + ":" + candidate.at())
        .getBytes(StandardCharsets.UTF_8));
    return new Placed(new PlannedReminder(id, plan.planId(), candidate.kind(), due.toInstant(), due.toLocalDateTime(),
        candidate.focus(), reasons), moved);
  }

  private static String hours(List<LocalTime> times) {
    return String.join(", ", times.stream().map(HOUR::format).toList());
  }

  private static String minutes(Duration every) {
    return every.toHours() + " h " + every.toMinutesPart() + " min";
  }
}
