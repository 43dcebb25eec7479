package care.thoracic.bench;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.Category;
import care.thoracic.contracts.clinical.Disposition;
import care.thoracic.contracts.clinical.ExerciseLog;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.PlanVariant;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.PlanStarted;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.eventsourcing.projection.Projection;
import care.thoracic.eventsourcing.projection.Projector;
import care.thoracic.plan.store.PhaseReviewEvidence;
import care.thoracic.plan.store.PlanSummaries;
import care.thoracic.plan.store.RedFlagInbox;
import care.thoracic.progress.domain.ProgressRules;
import care.thoracic.progress.domain.Thresholds;
import care.thoracic.progress.store.CheckDueDates;
import care.thoracic.progress.store.ProgressViews;
import care.thoracic.reminder.store.PlanSchedules;
import care.thoracic.testkit.TestEvents;
import care.thoracic.testkit.TestMongo;
import care.thoracic.testkit.TestTriages;
import care.thoracic.triage.store.PatientTriages;
import com.mongodb.client.MongoDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Rebuilding each service's projections from 1,000,000 events: the projections as the service
 * builds them (its own classes, on the test kit's store), fed by a {@link Projector} one event at a
 * time, in log order, as a rebuild feeds them ({@code Projector.rebuildFrom} from the service's
 * store, or its consumers from a rewound topic). The events are made in memory as they are fed, so
 * what is measured is the projections' side of a rebuild, which is where its time goes: reading
 * the log is far faster (Kafka is consumed at 400k records/s here).
 *
 * <p>Usage: {@code bench/run.sh replay [repetitions] [events] [report] [service,...]}
 */
public final class ReplayBenchmark {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final int CLINICS = 10;
  private static final int EVENTS_PER_PLAN = 100; // a plan's start, then 99 sessions: about three months of a plan

  /** A service's projections, and the events they read, event {@code n} of the log. */
  private record Rebuild(String service, Function<MongoDatabase, List<Projection>> projections,
      LongFunction<EventEnvelope<? extends CareEvent>> event, String events) {}

  public static void main(String[] args) {
    Benchmarks.main(() -> run(args));
  }

  private static void run(String[] args) throws Exception {
    int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    long events = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
    Path report = Path.of(args.length > 2 ? args[2] : "BENCHMARKS.md");
    Set<String> only = args.length > 3 ? Set.of(args[3].split(",")) : Set.of();
    LocalDate today = LocalDate.now(BERLIN);
    long plans = Math.max(1, events / EVENTS_PER_PLAN);
    PatientPayloads sealing = BenchKeys.payloads(); // projections seal health data
    List<Rebuild> rebuilds = List.of(
        new Rebuild("triage-service", db -> List.of(new PatientTriages(db, sealing)), n -> triage(n, events, today),
            "TriageCompleted, 10 per patient"),
        new Rebuild("plan-service",
            db -> List.of(new PlanSummaries(db), new PhaseReviewEvidence(db, sealing), new RedFlagInbox(db, sealing)),
            n -> planLife(n, plans, today), "per plan PlanStarted then 99 SessionLogged, plans interleaved"),
        new Rebuild("progress-service", db -> List.of(new ProgressViews(db, sealing, new CheckDueDates(db),
            new ProgressRules(Thresholds.CURRENT), Clock.systemUTC())), n -> planLife(n, plans, today),
            "the same"),
        new Rebuild("reminder-service", db -> List.of(new PlanSchedules(db, sealing)), n -> planLife(n, plans, today),
            "the same")).stream().filter(rebuild -> only.isEmpty() || only.contains(rebuild.service())).toList();
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    Map<String, List<String>> projectionNames = new LinkedHashMap<>();
    for (int run = 1; run <= repetitions; run++) {
      for (Rebuild rebuild : rebuilds) {
        double rate = rebuild(rebuild, events, projectionNames);
        rates.computeIfAbsent(rebuild.service(), s -> new ArrayList<>()).add(rate);
        System.out.printf("run %d %s: %,d events replayed at %,.0f events/s%n", run, rebuild.service(), events, rate);
      }
    }
    StringBuilder table = new StringBuilder("| service | projections | events | median | runs |\n|---|---|---|---|---|\n");
    for (Rebuild rebuild : rebuilds) {
      List<Double> runs = rates.get(rebuild.service());
      table.append(String.format("| %s | %s | %s | %,.0f events/s (%,.0f s) | %s |%n", rebuild.service(),
          String.join(", ", projectionNames.get(rebuild.service())), rebuild.events(), Stats.median(runs), events / Stats.median(runs),
          Stats.list(runs, "%.0f")));
    }
    String markdown = """
        ## Replay: rebuilding projections

        `bench/run.sh replay [repetitions] [events]`. Machine: %s.

        Each service's projections (its own classes, on the test kit's Mongo wire server in the
        benchmark's JVM, emptied first) fed %,d events by a `Projector`, one at a time in log order,
        as `Projector.rebuildFrom` or a rewound consumer feeds them. %,d plans of %d clinics
        (triage: %,d patients, triaged 10 times each). The events are made in memory as they are fed: this is the
        projections' side of a rebuild, where its time goes (each event is one conditional upsert
        of the document it changes, with the stream's checkpoint); reading the log is far faster.
        Medians of %d run(s).

        %s""".formatted(Machine.describe(), events, plans, CLINICS, Math.max(1, events / 10), repetitions, table);
    Report.write(report, "replay", markdown);
    System.out.println(markdown);
  }

  /** Events per second; records the names of the projections it rebuilt. */
  private static double rebuild(Rebuild rebuild, long events, Map<String, List<String>> projectionNames) {
    MongoDatabase database = TestMongo.client().getDatabase("bench-replay-" + rebuild.service());
    database.drop();
    List<Projection> projections = rebuild.projections().apply(database);
    projectionNames.put(rebuild.service(), projections.stream().map(Projection::name).toList());
    Projector projector = new Projector(projections);
    projections.forEach(Projection::reset);
    long start = System.nanoTime();
    for (long n = 0; n < events; n++) {
      projector.project(rebuild.event().apply(n));
    }
    double rate = events / ((System.nanoTime() - start) / 1e9);
    database.drop(); // the embedded store is this JVM's heap
    return rate;
  }

  /** Triage {@code n}: patients are triaged in turn, ten times each over the log. */
  private static EventEnvelope<? extends CareEvent> triage(long n, long events, LocalDate today) {
    long patient = n % Math.max(1, events / 10);
    String clinic = "clinic-" + patient % CLINICS;
    return TestTriages.asPublished(clinic, TestTriages.completed(UUID.randomUUID(), "pat-" + patient, 5,
        today.minusDays(10), Category.MECHANICAL, Disposition.SELF_CARE));
  }

  /** Event {@code n} of a log where every plan starts, then each logs a session in turn. */
  private static EventEnvelope<? extends CareEvent> planLife(long n, long plans, LocalDate today) {
    long plan = n % plans;
    long step = n / plans;
    Tenant clinic = Tenant.of("clinic-" + plan % CLINICS);
    UUID planId = new UUID(0x5eed, plan);
    PatientId patient = PatientId.of("pat-" + plan);
    Actor actor = Actor.user(patient.value());
    if (step == 0) {
      return TestEvents.envelope(clinic, "plan-" + planId, 1, new PlanStarted(planId, patient, new UUID(0x7, plan),
          "thoracic-v1@2026.11", PlanVariant.STANDARD, Phase.FOUNDATION, today.minusDays(100), BERLIN, 6, null,
          today.minusDays(99), today.minusDays(85)), Actor.service("plan-service"));
    }
    return TestEvents.envelope(clinic, "progress-" + planId, step, new SessionLogged(UUID.randomUUID(), planId, patient,
        today.minusDays(99 - step % 99), List.of(new ExerciseLog("thoracic-extension", 2, 10, null, null)), 5,
        4, Set.of(), null), actor);
  }
}
