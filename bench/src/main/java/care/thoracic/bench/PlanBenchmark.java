package care.thoracic.bench;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.DecidedBy;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.PlanVariant;
import care.thoracic.contracts.events.PhaseAdvanced;
import care.thoracic.contracts.events.PlanStarted;
import care.thoracic.testkit.TestEvents;
import care.thoracic.testkit.TestKafka;
import care.thoracic.testkit.TestMongo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Plan-service: plan events processed per second from Kafka into its projections. (SSE fan-out to
 * 1,000 subscriptions is still to come: see BENCHMARKS.md.)
 *
 * <p>Usage: {@code bench/run.sh plan [repetitions]}
 */
public final class PlanBenchmark {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final int PLANS_PER_RUN = 10_000; // two events each
  private static final String VIEWS_GROUP = "plan-service.plan-views";

  public static void main(String[] args) {
    Benchmarks.main(() -> run(args));
  }

  private static void run(String[] args) throws Exception {
    int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    Path report = Path.of(args.length > 1 ? args[1] : "BENCHMARKS.md");
    String database = "bench-plan";
    Map<String, String> config = ServiceProcess.onTestInfra(database, Map.of("plan.phase-review.every", "1h"));
    var store = TestMongo.client().getDatabase(database);
    List<Double> projected = new ArrayList<>();
    try (ServiceProcess service = ServiceProcess.start(Path.of("plan-service/target/quarkus-app/quarkus-run.jar"),
        config, Path.of("bench/target/plan-service.log"))) {
      projectionRun(store, 2_000); // warm-up
      for (int run = 1; run <= repetitions; run++) {
        projected.add(projectionRun(store, PLANS_PER_RUN));
        System.out.printf("run %d: %.0f plan events/s projected%n", run, projected.getLast());
      }
    }
    String markdown = """
        ## Plan-service

        What: plan-service as it ships (its packaged jar in its own JVM, `-Xmx512m`), on the test kit's
        broker and store in the benchmark's JVM. Projections: %,d plan events (PlanStarted and
        PhaseAdvanced for %,d plans of 10 clinics) put on `care.plan.v1` at once, as plan-service's
        outbox would; the time from the first send until its view consumer has processed them all
        (consumer-group lag 0). SSE fan-out is not measured yet (see the analysis below).
        Machine: %s.
        Reproduce: `bench/run.sh plan %d`. Medians of the runs after a warm-up of 4,000 events.

        | measure | median | runs |
        |---|---|---|
        | plan events projected from Kafka | %,.0f /s | %s |
        """.formatted(PLANS_PER_RUN * 2, PLANS_PER_RUN, Machine.describe(), repetitions, Stats.median(projected),
        Stats.list(projected, "%.0f"));
    Report.write(report, "plan", markdown);
    System.out.println(markdown);
  }

  /** Puts {@code plans} × 2 plan events on Kafka and waits until the views have processed them. */
  private static double projectionRun(com.mongodb.client.MongoDatabase store, int plans) throws Exception {
    List<EventEnvelope<?>> events = new ArrayList<>(plans * 2);
    LocalDate today = LocalDate.now(BERLIN);
    for (int i = 0; i < plans; i++) {
      UUID planId = UUID.randomUUID();
      Tenant clinic = Tenant.of("clinic-" + (i % 10));
      PatientId patient = PatientId.of("pat-" + i);
      String stream = "plan-" + planId;
      events.add(TestEvents.envelope(clinic, stream, 1, new PlanStarted(planId, patient, UUID.randomUUID(),
          "thoracic-v1@2026.11", PlanVariant.STANDARD, Phase.FOUNDATION, today.minusDays(10), BERLIN, 5, null, today,
          today.plusDays(14)), Actor.service("plan-service")));
      events.add(TestEvents.envelope(clinic, stream, 2, new PhaseAdvanced(planId, patient, Phase.FOUNDATION,
          Phase.MOBILITY, DecidedBy.CLINICIAN, List.of("bench"), today, today.plusDays(14)),
          Actor.user("dr-bench")));
    }
    long start = System.nanoTime();
    TestEvents.publishAll(events, "plan-service");
    Backlog.awaitDrained(store, TestKafka.bootstrapServers(), VIEWS_GROUP, Duration.ofMinutes(10));
    return events.size() / ((System.nanoTime() - start) / 1e9);
  }
}
