package care.thoracic.bench;

import care.thoracic.testkit.PackagedService;
import care.thoracic.contracts.Actor;
import care.thoracic.contracts.CareJson;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.Category;
import care.thoracic.contracts.clinical.DecidedBy;
import care.thoracic.contracts.clinical.Disposition;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.PlanVariant;
import care.thoracic.contracts.events.PhaseAdvanced;
import care.thoracic.contracts.events.PlanStarted;
import care.thoracic.testkit.TestEvents;
import care.thoracic.testkit.TestKafka;
import care.thoracic.testkit.TestMongo;
import care.thoracic.testkit.TestTriages;
import care.thoracic.testkit.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plan-service: plan events processed per second from Kafka into its projections, and plan events
 * delivered per second to 1,000 open SSE subscriptions.
 *
 * <p>Usage: {@code bench/run.sh plan [repetitions]}
 */
public final class PlanBenchmark {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final int PLANS_PER_RUN = 10_000; // two events each
  private static final String VIEWS_GROUP = "plan-service.plan-views";
  private static final int FAN_OUT_PLANS = 200;
  private static final int SUBSCRIBERS_PER_PLAN = 5; // the patient's app and four of the clinic's clinicians
  private static final int HOLDS_PER_PLAN = 20;
  private static final int COMMANDERS = 32; // clinicians deciding at once, each on their own plans in turn

  public static void main(String[] args) {
    Benchmarks.main(() -> run(args));
  }

  private static void run(String[] args) throws Exception {
    int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    Path report = Path.of(args.length > 1 ? args[1] : "BENCHMARKS.md");
    String database = "bench-plan";
    Map<String, String> config = PackagedService.onTestInfra("plan-service", database,
        Map.of("plan.phase-review.every", "1h"));
    var store = TestMongo.client().getDatabase(database);
    List<Double> projected = new ArrayList<>();
    List<Double> commanded = new ArrayList<>();
    List<Double> delivered = new ArrayList<>();
    List<Double> p50 = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    List<Double> commandP50 = new ArrayList<>();
    List<Double> commandP99 = new ArrayList<>();
    try (PackagedService service = PackagedService.start(Path.of("plan-service/target/quarkus-app/quarkus-run.jar"),
        config, Path.of("bench/target/plan-service.log"))) {
      projectionRun(store, 2_000); // warm-up
      for (int run = 1; run <= repetitions; run++) {
        projected.add(projectionRun(store, PLANS_PER_RUN));
        System.out.printf("run %d: %.0f plan events/s projected%n", run, projected.getLast());
      }
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      List<FanOutPlan> plans = startPlans(service.base(), http);
      fanOutRun(service.base(), http, plans); // warm-up
      for (int run = 1; run <= repetitions; run++) {
        FanOut fanOut = fanOutRun(service.base(), http, plans);
        commanded.add(fanOut.eventsPerSecond());
        delivered.add(fanOut.deliveriesPerSecond());
        p50.add(Stats.percentileMillis(fanOut.latencies(), 50));
        p99.add(Stats.percentileMillis(fanOut.latencies(), 99));
        commandP50.add(Stats.percentileMillis(fanOut.commandLatencies(), 50));
        commandP99.add(Stats.percentileMillis(fanOut.commandLatencies(), 99));
        System.out.printf("run %d: %.0f plan events/s stored, %.0f deliveries/s to %d subscriptions, "
            + "command to delivery p50 %.1f ms, p99 %.1f ms; command answered p50 %.1f ms, p99 %.1f ms%n", run,
            commanded.getLast(), delivered.getLast(), plans.size() * SUBSCRIBERS_PER_PLAN, p50.getLast(), p99.getLast(),
            commandP50.getLast(), commandP99.getLast());
      }
    }
    String markdown = """
        ## Plan-service

        What: plan-service as it ships (its packaged jar in its own JVM, `-Xmx512m` and `deploy/service-jvm.options`), on the test kit's
        broker and store in the benchmark's JVM. Projections: %,d plan events (PlanStarted and
        PhaseAdvanced for %,d plans of 10 clinics) put on `care.plan.v1` at once, as plan-service's
        outbox would; the time from the first send until its view consumer has processed them all
        (consumer-group lag 0). SSE fan-out: %,d open subscriptions (%,d plans of 10 clinics, each
        followed by its patient and four clinicians, all HTTP/1.1 connections read by one selector
        thread in the benchmark); %d clinicians put `POST /plans/{id}/hold` (with `If-Match`) on the
        plans in turn, %d per plan, so each stored event goes to %d subscriptions; the time from the
        first command until every subscription has received every event, each in version order
        (checked). Latency: from sending the command to the event's arrival on each subscription.
        Machine: %s.
        Reproduce: `bench/run.sh plan %d`. Medians of the runs after a warm-up run of each.

        | measure | median | runs |
        |---|---|---|
        | plan events projected from Kafka | %,.0f /s | %s |
        | plan events stored by clinician commands during fan-out | %,.0f /s | %s |
        | events delivered to the %,d subscriptions | %,.0f /s | %s |
        | command sent to event received, p50 | %.1f ms | %s |
        | command sent to event received, p99 | %.1f ms | %s |
        | command sent to its answer (`hold`), p50 | %.1f ms | %s |
        | command sent to its answer (`hold`), p99 | %.1f ms | %s |
        """.formatted(PLANS_PER_RUN * 2, PLANS_PER_RUN, FAN_OUT_PLANS * SUBSCRIBERS_PER_PLAN, FAN_OUT_PLANS,
        COMMANDERS, HOLDS_PER_PLAN, SUBSCRIBERS_PER_PLAN, Machine.describe(), repetitions,
        Stats.median(projected), Stats.list(projected, "%.0f"),
        Stats.median(commanded), Stats.list(commanded, "%.0f"),
        FAN_OUT_PLANS * SUBSCRIBERS_PER_PLAN, Stats.median(delivered), Stats.list(delivered, "%.0f"),
        Stats.median(p50), Stats.list(p50, "%.1f"), Stats.median(p99), Stats.list(p99, "%.1f"),
        Stats.median(commandP50), Stats.list(commandP50, "%.1f"), Stats.median(commandP99), Stats.list(commandP99, "%.1f"));
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

  /** A followed plan, with its subscribers' tokens: signed once, as the apps would hold them. */
  record FanOutPlan(UUID planId, String patientToken, List<String> clinicianTokens) {
    static FanOutPlan of(String clinic, String patient, UUID planId) {
      List<String> clinicians = new ArrayList<>();
      for (int c = 1; c < SUBSCRIBERS_PER_PLAN; c++) {
        clinicians.add(Tokens.clinician(clinic, "dr-" + c));
      }
      return new FanOutPlan(planId, Tokens.patient(clinic, patient), clinicians);
    }
  }

  /** Starts self-care plans from triages as triage-service publishes them; finds each as the patient's app does. */
  private static List<FanOutPlan> startPlans(URI base, HttpClient http) throws Exception {
    List<EventEnvelope<?>> triages = new ArrayList<>();
    for (int i = 0; i < FAN_OUT_PLANS; i++) {
      triages.add(TestTriages.asPublished("clinic-" + (i % 10), TestTriages.completed(UUID.randomUUID(),
          "pat-fan-" + i, 5, LocalDate.now(BERLIN).minusDays(10), Category.MECHANICAL, Disposition.SELF_CARE)));
    }
    TestEvents.publishAll(triages, "triage-service");
    List<FanOutPlan> plans = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    for (int i = 0; i < FAN_OUT_PLANS; i++) {
      String clinic = "clinic-" + (i % 10);
      String patient = "pat-fan-" + i;
      HttpRequest current = HttpRequest.newBuilder(base.resolve("/patients/" + patient + "/plan"))
          .header("Authorization", "Bearer " + Tokens.patient(clinic, patient)).build();
      HttpResponse<String> answer;
      while ((answer = http.send(current, HttpResponse.BodyHandlers.ofString())).statusCode() == 404) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no plan was started for " + patient);
        }
        Thread.sleep(100);
      }
      plans.add(FanOutPlan.of(clinic, patient, UUID.fromString(CareJson.mapper().readTree(answer.body())
          .get("planId").asText())));
    }
    return plans;
  }

  /** Latencies in nanoseconds, one per delivery. */
  record FanOut(double eventsPerSecond, double deliveriesPerSecond, long[] latencies, long[] commandLatencies) {}

  /**
   * Opens every subscription after the plans' current versions, has the clinicians hold each plan
   * {@link #HOLDS_PER_PLAN} times, and waits until every subscription has every new event.
   */
  private static FanOut fanOutRun(URI base, HttpClient http, List<FanOutPlan> plans) throws Exception {
    int subscriptions = plans.size() * SUBSCRIBERS_PER_PLAN;
    long[] versions = new long[plans.size()];
    List<SseSubscriptions.Subscription> requests = new ArrayList<>();
    for (int p = 0; p < plans.size(); p++) {
      FanOutPlan plan = plans.get(p);
      HttpResponse<Void> current = http.send(HttpRequest.newBuilder(base.resolve("/plans/" + plan.planId()))
          .header("Authorization", "Bearer " + plan.clinicianTokens().getFirst()).build(),
          HttpResponse.BodyHandlers.discarding());
      versions[p] = version(current);
      for (int s = 0; s < SUBSCRIBERS_PER_PLAN; s++) {
        String token = s == 0 ? plan.patientToken() : plan.clinicianTokens().get(s - 1);
        requests.add(new SseSubscriptions.Subscription("/plans/" + plan.planId() + "/stream",
            Map.of("Authorization", "Bearer " + token, "Last-Event-ID", Long.toString(versions[p]))));
      }
    }
    int expected = subscriptions * HOLDS_PER_PLAN;
    Map<Long, Long> sentAt = new ConcurrentHashMap<>(); // plan index and version -> when its command was sent
    long[] seen = new long[subscriptions];
    for (int i = 0; i < subscriptions; i++) {
      seen[i] = versions[i / SUBSCRIBERS_PER_PLAN];
    }
    long[] latencies = new long[expected];
    AtomicInteger received = new AtomicInteger();
    AtomicLong lastReceived = new AtomicLong();
    List<String> disorder = new CopyOnWriteArrayList<>();
    SseSubscriptions.Listener listener = (index, id, now) -> { // the reader thread alone writes seen and latencies
      if (id != seen[index] + 1) {
        disorder.add("subscription " + index + " got version " + id + " after " + seen[index]);
      }
      seen[index] = id;
      Long sent = sentAt.get(key(index / SUBSCRIBERS_PER_PLAN, id));
      int n = received.get();
      if (sent != null && n < expected) {
        latencies[n] = now - sent;
      }
      lastReceived.set(now);
      received.incrementAndGet();
    };
    try (SseSubscriptions streams = new SseSubscriptions(base, requests, listener)) {
      streams.awaitOpen(Duration.ofSeconds(60));
      long[] commandLatencies = new long[plans.size() * HOLDS_PER_PLAN];
      long start = System.nanoTime();
      try (ExecutorService clinicians = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<?>> work = new ArrayList<>();
        for (int c = 0; c < COMMANDERS; c++) {
          int clinician = c;
          work.add(clinicians.submit(() -> {
            for (int hold = 0; hold < HOLDS_PER_PLAN; hold++) {
              for (int p = clinician; p < plans.size(); p += COMMANDERS) {
                long sent = System.nanoTime();
                sentAt.put(key(p, versions[p] + 1), sent);
                versions[p] = hold(base, http, plans.get(p), versions[p]);
                commandLatencies[p * HOLDS_PER_PLAN + hold] = System.nanoTime() - sent;
              }
            }
            return null;
          }));
        }
        for (Future<?> done : work) {
          done.get();
        }
      }
      long commandsDone = System.nanoTime();
      long deadline = commandsDone + Duration.ofMinutes(2).toNanos();
      while (received.get() < expected && streams.failure() == null && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      if (received.get() != expected || !disorder.isEmpty() || streams.failure() != null) {
        throw new IllegalStateException("subscriptions received " + received.get() + " of " + expected + " events"
            + (disorder.isEmpty() ? "" : "; out of order: " + disorder.subList(0, Math.min(5, disorder.size())))
            + (streams.failure() == null ? "" : "; " + streams.failure()));
      }
      int events = plans.size() * HOLDS_PER_PLAN;
      return new FanOut(events / ((commandsDone - start) / 1e9), expected / ((lastReceived.get() - start) / 1e9),
          latencies, commandLatencies);
    }
  }

  private static long key(int plan, long version) {
    return plan * 1_000_000L + version;
  }

  private static long hold(URI base, HttpClient http, FanOutPlan plan, long version) throws Exception {
    HttpResponse<Void> held = http.send(HttpRequest.newBuilder(base.resolve("/plans/" + plan.planId() + "/hold"))
        .header("Authorization", "Bearer " + plan.clinicianTokens().getFirst()).header("If-Match", "\"" + version + "\"")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"pain flared after the weekend\"}")).build(),
        HttpResponse.BodyHandlers.discarding());
    if (held.statusCode() != 200) {
      throw new IllegalStateException("hold of plan " + plan.planId() + " answered " + held.statusCode());
    }
    return version(held);
  }

  private static long version(HttpResponse<?> response) {
    return Long.parseLong(response.headers().firstValue("ETag").orElseThrow().replaceAll("[^0-9]", ""));
  }
}
