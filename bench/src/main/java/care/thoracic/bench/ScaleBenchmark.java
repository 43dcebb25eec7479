package care.thoracic.bench;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.EventMetadata;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.FlagCode;
import care.thoracic.contracts.clinical.FlagSource;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.PlanVariant;
import care.thoracic.contracts.clinical.Recommendation;
import care.thoracic.contracts.clinical.Severity;
import care.thoracic.contracts.events.PlanStarted;
import care.thoracic.contracts.events.RedFlagRaised;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.plan.store.PlanSummaries;
import care.thoracic.plan.domain.WorkQueueDeadlines;
import care.thoracic.plan.store.RedFlagInbox;
import care.thoracic.plan.store.WorkQueue;
import care.thoracic.platform.http.Page;
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
import java.util.UUID;
import java.util.function.Supplier;

/**
 * How the store's part of the clinic lists and of the daily jobs grows with the number of plans:
 * one clinic with 1,000, 10,000 and 100,000 running plans, and 1,000 clinics of 100 plans, 1% of
 * them due for their phase review and their daily progress check. Each query is the one the
 * service makes (its store classes through the real driver, on the test kit's embedded store and
 * its ordered indexes); the plans are put there by the services' own projections. What is not
 * measured here: HTTP and the services' JVMs (see the other sections).
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

  /** One data set's figures, each a median of the runs' medians and p99s. */
  private record Figures(String label, List<double[]> measures) {}

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
    PatientPayloads payloads = BenchKeys.payloads();
    List<Figures> sets = new ArrayList<>();
    for (int plans : ONE_CLINIC) {
      sets.add(measure(String.format("one clinic, %,d plans", plans), payloads, plans, 1, repetitions));
    }
    sets.add(measure(String.format("%,d clinics of %d plans", CLINICS, PLANS_PER_CLINIC), payloads,
        CLINICS * PLANS_PER_CLINIC, CLINICS, repetitions));

    StringBuilder table = new StringBuilder("| measure (ms) |");
    sets.forEach(set -> table.append(' ').append(set.label()).append(" |"));
    table.append(" 100,000 / 1,000 |\n|---|");
    sets.forEach(set -> table.append("---|"));
    table.append("---|\n");
    for (int m = 0; m < MEASURES.length; m++) {
      table.append("| ").append(MEASURES[m]).append(" |");
      for (Figures set : sets) {
        table.append(String.format(" %.3f |", median(set.measures(), m)));
      }
      table.append(String.format(" %.2f× |%n", median(sets.get(2).measures(), m) / median(sets.get(0).measures(), m)));
    }
    String markdown = """
        ## Scale: the store's part of lists and jobs

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
        it in index order, and count through the same plan, as MongoDB's do. The plans are written
        by the services' own projections. p50 and p99 of %d calls per run; the due queries per due
        plan. Not measured here: HTTP, the services' processes (see the sections above).
        Machine: %s.
        Reproduce: `bench/run.sh scale %d`. Medians of %d runs.

        %s
        """.formatted(SAMPLES, Machine.describe(), repetitions, repetitions, table);
    Report.write(report, "scale", markdown);
    System.out.println(markdown);
  }

  private static double median(List<double[]> runs, int measure) {
    return Stats.median(runs.stream().map(run -> run[measure]).toList());
  }

  private static Figures measure(String label, PatientPayloads payloads, int plans, int clinics, int repetitions) {
    MongoDatabase database = TestMongo.client().getDatabase("bench-scale-" + UUID.randomUUID().toString().substring(0, 8));
    PlanSummaries summaries = new PlanSummaries(database);
    CheckDueDates dueDates = new CheckDueDates(database);
    Instant now = Instant.now();
    ProgressViews views = new ProgressViews(database, payloads, dueDates, new ProgressRules(Thresholds.CURRENT),
        Clock.fixed(now, BERLIN));
    RedFlagInbox inbox = new RedFlagInbox(database, payloads);
    WorkQueue queue = new WorkQueue(database, payloads);
    WorkQueueDeadlines deadlines = WorkQueueDeadlines.defaults(Duration.ofMinutes(15), Duration.ofHours(24),
        Duration.ofDays(3));
    LocalDate today = LocalDate.ofInstant(now, BERLIN);
    long started = System.nanoTime();
    for (int i = 0; i < plans; i++) {
      Tenant clinic = Tenant.of("clinic-" + (i % clinics));
      UUID planId = UUID.randomUUID();
      boolean due = i % DUE_EVERY == 0;
      boolean atRisk = i / clinics % AT_RISK_EVERY == 0; // 10% of each clinic's plans
      EventEnvelope<PlanStarted> envelope = new EventEnvelope<>(new EventMetadata(UUID.randomUUID(), clinic,
          "plan-" + planId, 1, now.minusSeconds(864_000L + i), "corr", "cause", Actor.service("plan-service")),
          new PlanStarted(planId, PatientId.of("pat-" + i), UUID.randomUUID(), "thoracic-v1", PlanVariant.STANDARD,
              Phase.FOUNDATION, today.minusDays(20), BERLIN, 6, null, atRisk ? today.minusDays(10) : today,
              due ? today.minusDays(1) : today.plusDays(4)));
      summaries.apply(envelope);
      views.apply(envelope);
      if (atRisk) { // started ten days ago with no session, and an open flag: on the at-risk list and in the inbox
        EventEnvelope<RedFlagRaised> flag = new EventEnvelope<>(new EventMetadata(UUID.randomUUID(), clinic,
            "progress-" + planId, 1, now.minusSeconds(86_400L + i), "corr", "cause", Actor.service("progress-service")),
            new RedFlagRaised(UUID.randomUUID(), PatientId.of("pat-" + i), FlagCode.WORSENING_PAIN, Severity.HIGH,
                Recommendation.CLINICIAN_REVIEW, FlagSource.PROGRESS, null, planId, List.of("Pain is worsening.")));
        views.apply(flag);
        inbox.apply(flag);
        queue.apply(flag);
      }
      if (!due) {
        dueDates.checked(new CheckDueDates.Due(clinic, planId, null), today, BERLIN);
      }
    }
    System.out.printf("%s: written in %.0f s%n", label, (System.nanoTime() - started) / 1e9);
    Tenant first = Tenant.of("clinic-0");
    List<double[]> runs = new ArrayList<>();
    for (int run = 0; run <= repetitions; run++) { // the first is a warm-up
      long[] firstPage = sample(SAMPLES, () -> summaries.list(first, PlanSummaries.Status.ACTIVE, 0, 20));
      long[] laterPage = sample(SAMPLES, () -> summaries.list(first, PlanSummaries.Status.ACTIVE, 4, 20));
      long[] total = sample(SAMPLES, () -> summaries.count(first, PlanSummaries.Status.ACTIVE, Page.COUNT_LIMIT + 1));
      int due = plans / DUE_EVERY;
      long[] reviews = sample(20, () -> assertSize(summaries.reviewsDueBy(now), due));
      long[] checks = sample(20, () -> assertSize(dueDates.dueBy(now, due), due));
      int atRiskPerClinic = plans / clinics / AT_RISK_EVERY;
      long[] atRisk = sample(SAMPLES, () -> assertSize(views.atRisk(first, 0, 20), Math.min(20, atRiskPerClinic)));
      long[] atRiskTotal = sample(SAMPLES, () -> views.atRiskCount(first, Page.COUNT_LIMIT + 1));
      long[] flags = sample(SAMPLES, () -> assertSize(inbox.list(first, RedFlagInbox.Status.OPEN, 0, 20),
          Math.min(20, atRiskPerClinic)));
      long[] flagsTotal = sample(SAMPLES, () -> inbox.count(first, RedFlagInbox.Status.OPEN, Page.COUNT_LIMIT + 1));
      long[] queuePage = sample(SAMPLES, () -> { // as the resource reads it: places first, then the page
        queue.placeNew(first, deadlines);
        return assertSize(queue.page(first, null, null, 0, 20), Math.min(20, atRiskPerClinic));
      });
      long[] queueTotal = sample(SAMPLES, () -> queue.count(first, null, null, Page.COUNT_LIMIT + 1));
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
    database.drop();
    return new Figures(label, runs);
  }

  private static Object assertSize(List<?> found, int expected) {
    if (found.size() != expected) {
      throw new AssertionError("found " + found.size() + " due, expected " + expected);
    }
    return found;
  }

  private static long[] sample(int calls, Supplier<Object> call) {
    long[] nanos = new long[calls];
    for (int i = 0; i < calls; i++) {
      long start = System.nanoTime();
      call.get();
      nanos[i] = System.nanoTime() - start;
    }
    return nanos;
  }
}
