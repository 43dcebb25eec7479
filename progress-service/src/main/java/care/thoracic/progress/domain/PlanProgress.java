package care.thoracic.progress.domain;

import care.thoracic.contracts.Nullable;
import care.thoracic.contracts.clinical.ClinicalFigures;
import care.thoracic.contracts.clinical.ClinicalFigures.Adherence;
import care.thoracic.contracts.clinical.ClinicalFigures.MeanPain;
import care.thoracic.contracts.clinical.FlagCode;
import care.thoracic.contracts.clinical.FlagSource;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.ProgressAssessed;
import care.thoracic.contracts.events.RedFlagRaised;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.eventsourcing.decider.CommandRejectedException;
import care.thoracic.eventsourcing.decider.Decider;
import care.thoracic.progress.domain.ProgressRules.Escalation;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One plan's progress: the sessions its patient logged, the flags the rules raised, the
 * assessments made. Stream {@code progress-<planId>}; its events go to three topics (sessions,
 * red flags, assessments). Ids of flags and assessments are derived from the plan, so a decision
 * taken twice names the same thing.
 */
public final class PlanProgress implements Decider<PlanProgress.Command, CareEvent, PlanProgress.State> {

  public sealed interface Command permits LogSession, Check {}

  /** The patient logged a session; the plan's facts as progress last heard them. */
  public record LogSession(SessionLogged session, PlanFacts plan) implements Command {}

  /** The daily look at a plan: assessments due, no improvement, worsening pain. */
  public record Check(PlanFacts plan, LocalDate today) implements Command {}

  /** A flag this plan's rules raised (open until the plan is resumed with it resolved). */
  public record RaisedFlag(UUID flagId, FlagCode code) {}

  /**
   * @param neurologicalSettledOn the last day of neurological reports that a persistent-symptom flag
   *     settled: later reports start a new episode (§8)
   */
  public record State(Map<UUID, SessionLogged> sessions, List<RaisedFlag> flags, Set<Integer> assessedWeeks,
      @Nullable LocalDate neurologicalSettledOn) {
    public List<ClinicalFigures.PainScore> painScores() {
      return sessions.values().stream().map(s -> new ClinicalFigures.PainScore(s.performedOn(), s.painBefore())).toList();
    }

    public List<LocalDate> sessionDays() {
      return sessions.values().stream().map(SessionLogged::performedOn).toList();
    }

    boolean open(FlagCode code, PlanFacts plan) {
      return flags.stream().anyMatch(f -> f.code() == code && !plan.resolvedFlagIds().contains(f.flagId()));
    }

    Set<UUID> flagIds(FlagCode code) {
      Set<UUID> ids = new HashSet<>();
      flags.stream().filter(f -> f.code() == code).forEach(f -> ids.add(f.flagId()));
      return ids;
    }

    /**
     * The neurological episode {@code day}'s report belongs to (§8): reports after {@code floor}, none
     * more than {@code gapDays} from the next; its first report's day and its latest report, which a
     * report logged late (for an earlier day) may join two runs into. Null when {@code day} has no report.
     */
    @Nullable NeurologicalEpisode episode(LocalDate day, int gapDays, @Nullable LocalDate floor) {
      TreeMap<LocalDate, SessionLogged> reports = new TreeMap<>();
      for (SessionLogged session : sessions.values()) {
        if (!Collections.disjoint(session.symptoms(), ProgressRules.NEUROLOGICAL)
            && (floor == null || session.performedOn().isAfter(floor))) {
          reports.put(session.performedOn(), session);
        }
      }
      if (!reports.containsKey(day)) {
        return null;
      }
      LocalDate first = day;
      for (LocalDate earlier = reports.lowerKey(first); earlier != null
          && ChronoUnit.DAYS.between(earlier, first) <= gapDays; earlier = reports.lowerKey(first)) {
        first = earlier;
      }
      LocalDate last = day;
      for (LocalDate later = reports.higherKey(last); later != null
          && ChronoUnit.DAYS.between(last, later) <= gapDays; later = reports.higherKey(last)) {
        last = later;
      }
      return new NeurologicalEpisode(first, reports.get(last));
    }
  }

  /** A run of neurological reports: the first report's day and the latest report. */
  record NeurologicalEpisode(LocalDate first, SessionLogged latest) {}

  private final ProgressRules rules;

  public PlanProgress(ProgressRules rules) {
    this.rules = rules;
  }

  public static String streamId(UUID planId) {
    return "progress-" + planId;
  }

  @Override
  public State initialState() {
    return new State(Map.of(), List.of(), Set.of(), null);
  }

  @Override
  public List<CareEvent> decide(Command command, State state) {
    return switch (command) {
      case LogSession log -> logSession(log, state);
      case Check check -> check.plan().running() ? check(check, state) : List.of();
    };
  }

  private List<CareEvent> logSession(LogSession log, State state) {
    SessionLogged session = log.session();
    SessionLogged earlier = state.sessions().get(session.sessionId());
    if (earlier != null) {
      if (earlier.equals(session)) {
        return List.of(); // the app retried: same answer, no second event
      }
      throw new CommandRejectedException("session " + session.sessionId() + " was already logged with other content");
    }
    switch (log.plan().status()) {
      case AWAITING_APPROVAL -> throw new CommandRejectedException("the plan waits for a clinician's approval");
      case COMPLETED -> throw new CommandRejectedException("the plan is completed");
      case ACTIVE, SUSPENDED -> { } // a suspended plan still records sessions: symptoms matter most then
    }
    List<CareEvent> events = new ArrayList<>();
    events.add(session);
    State after = evolve(state, session);
    List<Escalation> escalations = new ArrayList<>(rules.urgent(session));
    NeurologicalEpisode episode = after.episode(session.performedOn(),
        rules.thresholds().neurologicalEpisodeGapDays(), neurologicalFloor(after, log.plan()));
    if (episode != null) {
      rules.persistentNeurological(episode.first(), episode.latest()).ifPresent(escalations::add);
    }
    events.addAll(flags(escalations, after, log.plan()));
    return events;
  }

  private List<CareEvent> check(Check check, State state) {
    PlanFacts plan = check.plan();
    LocalDate today = check.today();
    int days = ClinicalFigures.daysIntoPlan(plan.startedOn(), today);
    MeanPain mean = ClinicalFigures.meanPain7d(state.painScores(), today);
    Adherence overall = ClinicalFigures.adherence(state.sessionDays(), plan.startedOn(), today, today);
    List<CareEvent> events = new ArrayList<>();
    int every = rules.thresholds().assessmentEveryDays();
    int dueWeek = days / every * (every / 7);
    if (dueWeek > 0 && !state.assessedWeeks().contains(dueWeek)) {
      LocalDate periodStart = plan.startedOn().plusDays((long) days / every * every - every);
      var adherence = ClinicalFigures.adherence(state.sessionDays(), periodStart, today, today);
      ProgressRules.Assessment assessment = rules.assess(dueWeek, plan.baselinePain(), mean, adherence);
      events.add(new ProgressAssessed(derivedId("assessment", plan, dueWeek), plan.planId(), plan.patientId(),
          dueWeek, assessment.outcome(), plan.baselinePain(), assessment.meanPain7d(), assessment.changePoints(),
          assessment.changePercent(), assessment.significantImprovement(), assessment.adherence(),
          assessment.reasons()));
    }
    // a clinician's resume is a decision: a rule that raised a flag it resolved starts again from it (§8)
    Integer daysSinceResume = plan.lastResumeResolvingAny(state.flagIds(FlagCode.NO_IMPROVEMENT))
        .map(resume -> (int) ChronoUnit.DAYS.between(resume.on(), today)).orElse(null);
    MeanPain atResume = plan.lastResumeResolvingAny(state.flagIds(FlagCode.WORSENING_PAIN))
        .map(resume -> ClinicalFigures.meanPain7d(state.painScores(), lastPainDayBy(state, resume.on())))
        .orElse(null);
    List<Escalation> escalations = new ArrayList<>();
    rules.noImprovement(days, daysSinceResume, overall, plan.baselinePain(), mean).ifPresent(escalations::add);
    rules.worseningPain(plan.baselinePain(), atResume, mean).ifPresent(escalations::add);
    events.addAll(flags(escalations, state, plan));
    return events;
  }

  /**
   * The last day on or before {@code day} with a pain score: the mean "at the resume" is the last one
   * known by then, for a plan whose suspension left the week before the resume without sessions.
   */
  private static LocalDate lastPainDayBy(State state, LocalDate day) {
    return state.painScores().stream().map(ClinicalFigures.PainScore::day).filter(scored -> !scored.isAfter(day))
        .max(LocalDate::compareTo).orElse(day);
  }

  /**
   * Reports on or before this day belong to no open episode: those a persistent-symptom flag already
   * settled, and those before a clinician resumed the plan from such a flag.
   */
  private static @Nullable LocalDate neurologicalFloor(State state, PlanFacts plan) {
    LocalDate floor = state.neurologicalSettledOn();
    var resume = plan.lastResumeResolvingAny(state.flagIds(FlagCode.PERSISTENT_NEUROLOGICAL_SYMPTOMS));
    if (resume.isPresent()) {
      LocalDate dayBefore = resume.get().on().minusDays(1);
      floor = floor == null || dayBefore.isAfter(floor) ? dayBefore : floor;
    }
    return floor;
  }

  /** A flag per escalation, unless one of that code is still open for the plan. */
  private List<RedFlagRaised> flags(List<Escalation> escalations, State state, PlanFacts plan) {
    List<RedFlagRaised> raised = new ArrayList<>();
    for (Escalation escalation : escalations) {
      if (state.open(escalation.code(), plan)) {
        continue;
      }
      long earlier = state.flags().stream().filter(f -> f.code() == escalation.code()).count();
      raised.add(new RedFlagRaised(derivedId("flag:" + escalation.code(), plan, earlier), plan.patientId(),
          escalation.code(), escalation.severity(), escalation.recommendation(), FlagSource.PROGRESS, null, plan.planId(),
          escalation.reasons()));
    }
    return raised;
  }

  private static UUID derivedId(String what, PlanFacts plan, long ordinal) {
    return UUID.nameUUIDFromBytes((what + ":" + plan.planId() + ":" + ordinal).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public State evolve(State state, CareEvent event) {
    return switch (event) {
      case SessionLogged session -> {
        Map<UUID, SessionLogged> sessions = new LinkedHashMap<>(state.sessions());
        sessions.put(session.sessionId(), session);
        yield new State(sessions, state.flags(), state.assessedWeeks(), state.neurologicalSettledOn());
      }
      case RedFlagRaised flag -> {
        List<RaisedFlag> flags = new ArrayList<>(state.flags());
        flags.add(new RaisedFlag(flag.flagId(), flag.code()));
        // a persistent-symptom flag settles the episode so far: a later report counts its fourteen days afresh
        LocalDate settled = flag.code() == FlagCode.PERSISTENT_NEUROLOGICAL_SYMPTOMS ? lastNeurologicalReport(state)
            : state.neurologicalSettledOn();
        yield new State(state.sessions(), flags, state.assessedWeeks(), settled);
      }
      case ProgressAssessed assessed -> {
        Set<Integer> weeks = new HashSet<>(state.assessedWeeks());
        weeks.add(assessed.planWeek());
        yield new State(state.sessions(), state.flags(), weeks, state.neurologicalSettledOn());
      }
      default -> state; // no other event is appended to a progress stream
    };
  }

  private static @Nullable LocalDate lastNeurologicalReport(State state) {
    return state.sessions().values().stream()
        .filter(session -> !Collections.disjoint(session.symptoms(), ProgressRules.NEUROLOGICAL))
        .map(SessionLogged::performedOn).max(LocalDate::compareTo).orElse(null);
  }
}
