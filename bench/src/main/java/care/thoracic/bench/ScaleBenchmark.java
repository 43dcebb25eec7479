package care.thoracic.bench;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.ExerciseLog;
import care.thoracic.contracts.clinical.FlagCode;
import care.thoracic.contracts.clinical.FlagSource;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.PlanVariant;
import care.thoracic.contracts.clinical.Recommendation;
import care.thoracic.contracts.clinical.Severity;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.PlanStarted;
import care.thoracic.contracts.events.PlanSuspended;
import care.thoracic.contracts.events.RedFlagRaised;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.eventsourcing.store.Appended;
import care.thoracic.eventsourcing.store.Causation;
import care.thoracic.eventsourcing.store.Commit;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.eventsourcing.store.StreamHead;
import care.thoracic.eventsourcing.time.AdjustableClock;
import care.thoracic.plan.domain.CarePlan;
import care.thoracic.plan.store.PlanSummaries;
import care.thoracic.plan.domain.WorkQueueDeadlines;
import care.thoracic.plan.store.RedFlagInbox;
import care.thoracic.plan.store.WorkQueue;
import care.thoracic.platform.http.Page;
import care.thoracic.progress.domain.PlanProgress;
import care.thoracic.progress.domain.ProgressRules;
import care.thoracic.progress.domain.Thresholds;
import care.thoracic.progress.store.CheckDueDates;
import care.thoracic.progress.store.ProgressViews;
import care.thoracic.testkit.TestMongo;
import com.mongodb.client.MongoDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * How the store's part of the clinic lists and of the daily jobs grows with the number of plans:
 * one clinic with 1,000, 10,000 and 100,000 running plans, and 1,000 clinics of 100 plans, 1% of
 * them due for their phase review and their daily progress check. Each query is the one the
 * service makes (its store classes through the real driver, on the test kit's embedded store and
 * its ordered indexes); each plan's events are put in its service's event store and its lists by
 * the services' own projections. Then the same data sets through the services as they ship
 * ({@link ScaleOverHttp}): the console's and the app's calls, and the services' resident memory;
 * and, beside the smallest clinic, plans with a week and with two years of daily sessions.
 *
 * <p>Usage: {@code bench/run.sh scale [repetitions]}
 */
public final class ScaleBenchmark {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final int[] ONE_CLINIC = {1_000, 10_000, 100_000};
  private static final int CLINICS = 1_000;
  private static final int PLANS_PER_CLINIC = 100;
  private static final int DUE_EVERY = 100; // 1% due
  private static final int AT_RISK_EVERY = 10; // 10% at risk, each with an open flag in the inbox
  private static final int SAMPLES = 200;

  public static void main(String[] args) {
    Benchmarks.main(() -> run(args));
  }

  /** One data set's figures: the store's runs, and the same set's over HTTP. */
  private record Figures(String label, List<double[]> measures, ScaleOverHttp.Figures http) {}

  private static final String[] MEASURES = {
      "plans by status, first page of 20 (p50)", "plans by status, first page of 20 (p99)",
      "plans by status, page 5 of 20 (p50)", "plans by status, the list's total (p50)",
      "phase reviews due: the query, per due plan (p50)", "daily checks due: the query, per due plan (p50)",
      "at-risk list, first page of 20 (p50)", "at-risk list, first page of 20 (p99)", "at-risk list, its total (p50)",
      "red-flag inbox, open, first page of 20 (p50)", "red-flag inbox, open, its total (p50)",
      "work queue, first page of 20 (p50)", "work queue, its total (p50)"};

  private static void run(String[] args) throws Exception {
    int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    Path report = Path.of(args.length > 1 ? args[1] : "BENCHMARKS.md");
    List<Figures> sets = new ArrayList<>();
    for (int plans : ONE_CLINIC) {
      // the plans with long histories once, beside the smallest clinic: their figures do not depend on its size
      sets.add(measure(sets.size(), String.format("one clinic, %,d plans", plans), plans, 1, repetitions,
          sets.isEmpty()));
    }
    sets.add(measure(sets.size(), String.format("%,d clinics of %d plans", CLINICS, PLANS_PER_CLINIC),
        CLINICS * PLANS_PER_CLINIC, CLINICS, repetitions, false));

    StringBuilder table = header("measure (ms)", sets);
    for (int m = 0; m < MEASURES.length; m++) {
      int measure = m;
      row(table, MEASURES[m], sets, "%.3f", set -> median(set.measures(), measure));
    }
    StringBuilder overHttp = header("call (ms)", sets);
    for (int m = 0; m < ScaleOverHttp.CLINIC_MEASURES.length; m++) {
      for (int percentile = 0; percentile < 2; percentile++) {
        int measure = 2 * m + percentile;
        row(overHttp, ScaleOverHttp.CLINIC_MEASURES[m] + (percentile == 0 ? " (p50)" : " (p99)"), sets, "%.2f",
            set -> median(set.http().clinicRuns(), measure));
      }
    }
    row(overHttp, "plan-service resident after the calls (MiB)", sets, "%.0f", set -> set.http().planResidentMiB());
    row(overHttp, "progress-service resident after the calls (MiB)", sets, "%.0f",
        set -> set.http().progressResidentMiB());
    ScaleOverHttp.Figures histories = sets.getFirst().http();
    StringBuilder history = new StringBuilder(
        "| call (ms) | a week of daily sessions | two years of daily sessions | two years / a week |\n|---|---|---|---|\n");
    for (int m = 0; m < ScaleOverHttp.HISTORY_MEASURES.length; m++) {
      double week = median(histories.weekRuns(), m);
      double years = median(histories.yearsRuns(), m);
      history.append(String.format("| %s | %.2f | %.2f | %.2f× |%n", ScaleOverHttp.HISTORY_MEASURES[m], week, years,
          years / week));
    }
    history.append(String.format("| POST /plans/{id}/sessions, each plan's first since the service started (p50 of %d) "
        + "| %.2f | %.2f | %.2f× |%n", ScaleOverHttp.PLANS_PER_CALL, histories.weekFirstPost(),
        histories.yearsFirstPost(), histories.yearsFirstPost() / histories.weekFirstPost()));
    history.append(String.format("| the progress view's answer, before the posts (bytes) | %,d | %,d | %.2f× |%n",
        histories.weekAnswerBytes(), histories.yearsAnswerBytes(),
        histories.yearsAnswerBytes() / (double) histories.weekAnswerBytes()));
    String markdown = """
        ## Scale: lists, jobs and histories as the data grows

        What: the queries plan-service and progress-service make for the clinic's lists, each a page
        of 20 read from an index and a total counted in it up to 1,000 (beyond, the list says
        "1,000+"): the plans by status (newest change first), the at-risk list (a projection: each
        running plan's place computed on its events and when its patient's day begins), the
        red-flag inbox (open, newest first) and the work queue (each item's place under the clinic's
        deadlines; the page's time includes looking for items to place, as the resource does); and
        the queries that find the phase reviews and daily progress checks that are due. One clinic of 1,000, 10,000 and 100,000 running plans and
        1,000 clinics of 100; 1%% of the plans due, 10%% at risk with an open flag. Through the
        services' own store classes and the real driver, on the test kit's embedded store, whose
        indexes answer equality on their first fields, a range on the next and a sort on those after
        it in index order, and count through the same plan, as MongoDB's do. Each plan's events are
        in its service's event store (sealed, as the service appends them) and the lists are written
        by the services' own projections. p50 and p99 of %d calls per run; the due queries per due
        plan.
        Machine: %s.
        Reproduce: `bench/run.sh scale %d`. Medians of %d runs.

        %s
        ### Over HTTP, the same data sets

        plan-service and progress-service as they ship (packaged jars, each its own JVM, `-Xmx512m`
        and `deploy/service-jvm.options`), started on each data set's databases once it is written:
        the calls a clinician's console (the first clinic's lists, with a clinician's RS256 token)
        and a patient's app make (the plan, its progress, a session posted; round robin over %d
        running plans of the first clinic that are neither due nor at risk, with their patients'
        tokens, each signed once), one after another from one client, every access audited as it
        ships. p50 and p99 of %d calls per run, after a warm-up run; resident memory (`VmRSS`) of
        each service once the posted sessions are consumed (by plan-service and progress-service,
        through Kafka). Before the calls, every consumer group is drained. The services' scheduled
        jobs are off (`quarkus.scheduler.enabled=false`): what they query is in the table above, and
        a review or check due at start would land on whichever call it overlapped.

        %s
        ### One plan's history: a week against two years

        On the first data set's services, after its calls above, in a clinic of their own: %d plans with
        a session on each of their last 7 days and %d with one on each of their last 730 (stored and
        projected as above). First %d reads of the progress view per run, round robin (after a warm-up
        run); then one post to each plan, week and years in turn: the service's first decision on
        that plan, which reads its stream whole; then %d posts to each kind per run, round robin,
        after a warm-up run. A service keeps the state of the last 1,000 streams it decided on, so
        those later posts read only what their stream gained since; deciding still goes through
        every session the plan holds (the same session id posted again, neurological episodes), in
        memory. By the last run a week-long plan holds %d sessions, a two-year one %d.

        %s
        """.formatted(SAMPLES, Machine.describe(), repetitions, repetitions, table, ScaleOverHttp.PLANS_PER_CALL,
        ScaleOverHttp.SAMPLES, overHttp, ScaleOverHttp.PLANS_PER_CALL, ScaleOverHttp.PLANS_PER_CALL,
        ScaleOverHttp.SAMPLES, ScaleOverHttp.SAMPLES, WEEK + laterPosts(repetitions), TWO_YEARS + laterPosts(repetitions),
        history);
    Report.write(report, "scale", markdown);
    System.out.println(markdown);
  }

  /** Sessions each history plan gains: its first post, then its share of each run's posts, warm-up included. */
  private static int laterPosts(int repetitions) {
    return 1 + ScaleOverHttp.SAMPLES * (repetitions + 1) / ScaleOverHttp.PLANS_PER_CALL;
  }

  private static StringBuilder header(String what, List<Figures> sets) {
    StringBuilder table = new StringBuilder("| " + what + " |");
    sets.forEach(set -> table.append(' ').append(set.label()).append(" |"));
    table.append(" 100,000 / 1,000 |\n|---|");
    sets.forEach(set -> table.append("---|"));
    return table.append("---|\n");
  }

  /** A row of one figure per set, and the growth from the clinic of 1,000 plans to the one of 100,000. */
  private static void row(StringBuilder table, String measure, List<Figures> sets, String format,
      java.util.function.ToDoubleFunction<Figures> figure) {
    table.append("| ").append(measure).append(" |");
    for (Figures set : sets) {
      table.append(' ').append(String.format(format, figure.applyAsDouble(set))).append(" |");
    }
    table.append(String.format(" %.2f× |%n", figure.applyAsDouble(sets.get(2)) / figure.applyAsDouble(sets.get(0))));
  }

  private static double median(List<double[]> runs, int measure) {
    return Stats.median(runs.stream().map(run -> run[measure]).toList());
  }

  /**
   * One data set as the services keep it: plan-service's and progress-service's databases (each
   * its own, as deployed) and the key vault they share, sealed under the test kit's key-encryption
   * key so that the services started on them open what the benchmark wrote.
   */
  private record Stores(MongoDatabase plan, MongoDatabase progress, MongoDatabase keys, PatientPayloads payloads) {
    static Stores create() {
      String suffix = UUID.randomUUID().toString().substring(0, 8);
      MongoDatabase keys = TestMongo.client().getDatabase("bench-scale-keys-" + suffix);
      return new Stores(TestMongo.client().getDatabase("bench-scale-plan-" + suffix),
          TestMongo.client().getDatabase("bench-scale-progress-" + suffix), keys, BenchKeys.payloadsAsTheServicesSeal(keys));
    }

    void drop() {
      plan.drop();
      progress.drop();
      keys.drop();
    }
  }

  /** @param set the data set's number, for the services' logs */
  private static Figures measure(int set, String label, int plans, int clinics, int repetitions, boolean histories)
      throws Exception {
    Stores stores = Stores.create();
    PatientPayloads payloads = stores.payloads();
    Instant now = Instant.now();
    // each event stored as its service stores it, at the instant it is dated; the projections read them as delivered
    AdjustableClock dated = new AdjustableClock(Clock.fixed(now, BERLIN));
    EventStore planEvents = new EventStore(stores.plan(), dated, Clock.systemUTC(), payloads);
    EventStore progressEvents = new EventStore(stores.progress(), dated, Clock.systemUTC(), payloads);
    planEvents.ensureIndexes();
    progressEvents.ensureIndexes();
    PlanSummaries summaries = new PlanSummaries(stores.plan());
    CheckDueDates dueDates = new CheckDueDates(stores.progress());
    ProgressViews views = new ProgressViews(stores.progress(), payloads, dueDates,
        new ProgressRules(Thresholds.CURRENT), Clock.fixed(now, BERLIN));
    RedFlagInbox inbox = new RedFlagInbox(stores.plan(), payloads);
    WorkQueue queue = new WorkQueue(stores.plan(), payloads);
    WorkQueueDeadlines deadlines = WorkQueueDeadlines.defaults(Duration.ofMinutes(15), Duration.ofHours(24),
        Duration.ofDays(3));
    LocalDate today = LocalDate.ofInstant(now, BERLIN);
    long started = System.nanoTime();
    List<ScaleOverHttp.Patient> probed = new ArrayList<>();
    for (int i = 0; i < plans; i++) {
      Tenant clinic = Tenant.of("clinic-" + (i % clinics));
      UUID planId = UUID.randomUUID();
      PatientId patient = PatientId.of("pat-" + i);
      // 1% of each clinic's plans due, 10% at risk; none both, so that each list and query finds its own
      boolean due = i / clinics % DUE_EVERY == 1;
      boolean atRisk = i / clinics % AT_RISK_EVERY == 0;
      dated.setOffset(Duration.ofSeconds(-(864_000L + i)));
      Appended<PlanStarted> start = stored(planEvents, StreamHead.newStream(clinic, CarePlan.streamId(planId)),
          "plan-service", new PlanStarted(planId, patient, UUID.randomUUID(), "thoracic-v1", PlanVariant.STANDARD,
              Phase.FOUNDATION, today.minusDays(20), BERLIN, 6, null, atRisk ? today.minusDays(10) : today,
              due ? today.minusDays(1) : today.plusDays(4)));
      summaries.apply(start.events().getFirst());
      views.apply(start.events().getFirst());
      if (atRisk) {
        // started ten days ago with no session, and a HIGH flag: on the at-risk list, in the inbox and the work
        // queue, and suspended by plan-service as it suspends a plan for a flag
        dated.setOffset(Duration.ofSeconds(-(86_400L + i)));
        RedFlagRaised raised = new RedFlagRaised(UUID.randomUUID(), patient, FlagCode.WORSENING_PAIN, Severity.HIGH,
            Recommendation.CLINICIAN_REVIEW, FlagSource.PROGRESS, null, planId, List.of("Pain is worsening."));
        EventEnvelope<RedFlagRaised> flag = stored(progressEvents,
            StreamHead.newStream(clinic, PlanProgress.streamId(planId)), "progress-service", raised).events().getFirst();
        views.apply(flag);
        inbox.apply(flag);
        queue.apply(flag);
        EventEnvelope<PlanSuspended> suspended = stored(planEvents, start.head(), "plan-service",
            new PlanSuspended(planId, patient, raised.flagId(), raised.code(), "Red flag " + raised.code()
                + " was raised: the plan is suspended until a clinician resumes it.")).events().getFirst();
        summaries.apply(suspended);
        views.apply(suspended);
        queue.apply(suspended);
      } else if (!due && i % clinics == 0 && probed.size() < ScaleOverHttp.PLANS_PER_CALL) {
        probed.add(ScaleOverHttp.Patient.of(clinic, patient, planId));
      }
      if (!due) {
        dueDates.checked(new CheckDueDates.Due(clinic, planId, null), today, BERLIN);
      }
    }
    System.out.printf("%s: written in %.0f s%n", label, (System.nanoTime() - started) / 1e9);
    Tenant first = Tenant.of("clinic-0");
    List<double[]> runs = new ArrayList<>();
    for (int run = 0; run <= repetitions; run++) { // the first is a warm-up
      long[] firstPage = ScaleOverHttp.sample(SAMPLES, i -> summaries.list(first, PlanSummaries.Status.ACTIVE, 0, 20));
      long[] laterPage = ScaleOverHttp.sample(SAMPLES, i -> summaries.list(first, PlanSummaries.Status.ACTIVE, 4, 20));
      long[] total = ScaleOverHttp.sample(SAMPLES, i -> summaries.count(first, PlanSummaries.Status.ACTIVE, Page.COUNT_LIMIT + 1));
      int due = plans / DUE_EVERY;
      long[] reviews = ScaleOverHttp.sample(20, i -> assertSize(summaries.reviewsDueBy(now), due));
      long[] checks = ScaleOverHttp.sample(20, i -> assertSize(dueDates.dueBy(now, due), due));
      int atRiskPerClinic = plans / clinics / AT_RISK_EVERY;
      long[] atRisk = ScaleOverHttp.sample(SAMPLES, i -> assertSize(views.atRisk(first, 0, 20), Math.min(20, atRiskPerClinic)));
      long[] atRiskTotal = ScaleOverHttp.sample(SAMPLES, i -> views.atRiskCount(first, Page.COUNT_LIMIT + 1));
      long[] flags = ScaleOverHttp.sample(SAMPLES, i -> assertSize(inbox.list(first, RedFlagInbox.Status.OPEN, 0, 20),
          Math.min(20, atRiskPerClinic)));
      long[] flagsTotal = ScaleOverHttp.sample(SAMPLES, i -> inbox.count(first, RedFlagInbox.Status.OPEN, Page.COUNT_LIMIT + 1));
      long[] queuePage = ScaleOverHttp.sample(SAMPLES, i -> { // as the resource reads it: places first, then the page
        queue.placeNew(first, deadlines);
        return assertSize(queue.page(first, null, null, 0, 20), Math.min(20, atRiskPerClinic));
      });
      long[] queueTotal = ScaleOverHttp.sample(SAMPLES, i -> queue.count(first, null, null, Page.COUNT_LIMIT + 1));
      double[] figures = {Stats.percentileMillis(firstPage, 50), Stats.percentileMillis(firstPage, 99),
          Stats.percentileMillis(laterPage, 50), Stats.percentileMillis(total, 50),
          Stats.percentileMillis(reviews, 50) / due, Stats.percentileMillis(checks, 50) / due,
          Stats.percentileMillis(atRisk, 50), Stats.percentileMillis(atRisk, 99), Stats.percentileMillis(atRiskTotal, 50),
          Stats.percentileMillis(flags, 50), Stats.percentileMillis(flagsTotal, 50),
          Stats.percentileMillis(queuePage, 50), Stats.percentileMillis(queueTotal, 50)};
      if (run > 0) {
        runs.add(figures);
        System.out.printf("%s, run %d: %s%n", label, run, java.util.Arrays.toString(figures));
      }
    }
    List<ScaleOverHttp.Patient> weekLong = List.of();
    List<ScaleOverHttp.Patient> twoYearsLong = List.of();
    if (histories) {
      weekLong = withDailySessions(planEvents, progressEvents, summaries, views, dated, today, WEEK, "week");
      twoYearsLong = withDailySessions(planEvents, progressEvents, summaries, views, dated, today, TWO_YEARS, "years");
    }
    // nothing left for the services' relays to publish: what they consume is what the measured calls cause
    markAllPublished(planEvents);
    markAllPublished(progressEvents);
    planEvents.sealClearCommits(); // finds every payload sealed and records so: the services do not look again
    progressEvents.sealClearCommits();
    ScaleOverHttp.Figures http;
    try (ScaleOverHttp services = ScaleOverHttp.start(set, stores.plan().getName(), stores.progress().getName(),
        stores.keys().getName())) {
      http = services.measure(label, first, probed, weekLong, twoYearsLong, repetitions);
    }
    stores.drop();
    return new Figures(label, runs, http);
  }

  private static final int WEEK = 7;
  private static final int TWO_YEARS = 730;

  /**
   * {@link ScaleOverHttp#PLANS_PER_CALL} plans of a clinic of their own, each started {@code days} days
   * ago with a session on each day since, stored and projected as the services would have.
   */
  private static List<ScaleOverHttp.Patient> withDailySessions(EventStore planEvents, EventStore progressEvents,
      PlanSummaries summaries, ProgressViews views, AdjustableClock dated, LocalDate today, int days, String name) {
    Tenant clinic = Tenant.of("clinic-histories"); // a clinic of their own: the first clinic's lists stay as above
    List<ScaleOverHttp.Patient> patients = new ArrayList<>();
    long started = System.nanoTime();
    for (int p = 0; p < ScaleOverHttp.PLANS_PER_CALL; p++) {
      UUID planId = UUID.randomUUID();
      PatientId patient = PatientId.of("pat-" + name + "-" + p);
      LocalDate first = today.minusDays(days - 1);
      dated.setOffset(Duration.ofDays(-days));
      EventEnvelope<PlanStarted> start = stored(planEvents, StreamHead.newStream(clinic, CarePlan.streamId(planId)),
          "plan-service", new PlanStarted(planId, patient, UUID.randomUUID(), "thoracic-v1", PlanVariant.STANDARD,
              Phase.FOUNDATION, first.minusDays(20), BERLIN, 6, null, first, today.plusDays(4))).events().getFirst();
      summaries.apply(start);
      views.apply(start);
      StreamHead progress = StreamHead.newStream(clinic, PlanProgress.streamId(planId));
      for (int day = 0; day < days; day++) {
        dated.setOffset(Duration.ofDays(day - days + 1).minusHours(2));
        Appended<SessionLogged> session = stored(progressEvents, progress, "progress-service",
            new SessionLogged(UUID.randomUUID(), planId, patient, first.plusDays(day),
                List.of(new ExerciseLog("thoracic-extension", 2, 10, null, null)), 5, 4, Set.of(), null));
        views.apply(session.events().getFirst());
        progress = session.head();
      }
      patients.add(ScaleOverHttp.Patient.of(clinic, patient, planId));
    }
    System.out.printf("%d plans of %d daily sessions: written in %.0f s%n", patients.size(), days,
        (System.nanoTime() - started) / 1e9);
    return patients;
  }

  /** The event appended after {@code head} as its service appends it (sealed, one commit). */
  private static <E extends CareEvent> Appended<E> stored(EventStore store, StreamHead head, String service, E event) {
    return store.append(head, List.of(event), Causation.scheduled(service, "bench"));
  }

  private static void markAllPublished(EventStore store) {
    for (List<Commit> batch = store.pending(10_000); !batch.isEmpty(); batch = store.pending(10_000)) {
      store.markPublished(batch.stream().map(Commit::id).toList(), "bench");
    }
  }

  private static Object assertSize(List<?> found, int expected) {
    if (found.size() != expected) {
      throw new AssertionError("found " + found.size() + " due, expected " + expected);
    }
    return found;
  }
}
