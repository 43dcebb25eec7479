package care.thoracic.bench;

import care.thoracic.contracts.clinical.Aggravator;
import care.thoracic.contracts.clinical.HistoryItem;
import care.thoracic.contracts.clinical.IntakeSymptom;
import care.thoracic.contracts.clinical.Onset;
import care.thoracic.contracts.clinical.RedFlagAnswers;
import care.thoracic.contracts.clinical.ThoracicLevel;
import care.thoracic.contracts.clinical.ThoracicRange;
import care.thoracic.contracts.clinical.TriageIntake;
import care.thoracic.contracts.clinical.WorkPattern;
import care.thoracic.testkit.TestKafka;
import care.thoracic.testkit.TestMongo;
import care.thoracic.testkit.Tokens;
import care.thoracic.triage.config.TriageBeans;
import care.thoracic.triage.domain.TriageRules;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Triage: rule evaluations per second in process, and {@code POST /triage} against the service as
 * it ships (its packaged jar in its own JVM, on the test kit's broker and store): the most requests
 * a closed loop of clients gets through, and the latency at a fixed 1,000 requests/s.
 *
 * <p>Usage: {@code bench/run.sh triage [repetitions]}
 */
public final class TriageBenchmark {
  private static final int CLIENTS = 16;
  private static final Duration MEASURE = Duration.ofSeconds(20);

  public static void main(String[] args) {
    Benchmarks.main(() -> run(args));
  }

  private static void run(String[] args) throws Exception {
    int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    Path report = Path.of(args.length > 1 ? args[1] : "BENCHMARKS.md");
    Path jar = Path.of("triage-service/target/quarkus-app/quarkus-run.jar");

    List<Double> evaluations = new ArrayList<>();
    TriageRules rules = new TriageRules(TriageBeans.loadRuleSet());
    List<TriageIntake> intakes = intakes(10_000, new Random(7));
    evaluationsPerSecond(rules, intakes, Duration.ofSeconds(3));
    for (int run = 0; run < 5; run++) {
      evaluations.add(evaluationsPerSecond(rules, intakes, Duration.ofSeconds(2)));
    }

    Map<String, String> config = Map.of(
        "kafka.bootstrap.servers", TestKafka.bootstrapServers(),
        "quarkus.mongodb.connection-string", TestMongo.connectionString(),
        "mp.jwt.verify.publickey.location", ServiceProcess.testKeyFile().toUri().toString(),
        "mp.jwt.verify.issuer", Tokens.ISSUER,
        "care.store.database", "bench-triage");
    List<String> tokens = new ArrayList<>();
    for (int clinic = 0; clinic < 10; clinic++) {
      tokens.add(Tokens.clinician("clinic-" + clinic, "dr-" + clinic));
    }
    List<Double> throughput = new ArrayList<>();
    List<Double> closedP99 = new ArrayList<>();
    List<Double> p50 = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    List<Double> authenticatedGet = new ArrayList<>();
    List<Double> healthGet = new ArrayList<>();
    try (ServiceProcess service = ServiceProcess.start(jar, config, Path.of("bench/target/triage-service.log"))) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      Load load = new Load(http, service.base().resolve("/triage"), tokens, bodies(2_000, new Random(11)));
      load.closedLoop(Duration.ofSeconds(15)); // warm-up, unrecorded
      for (int run = 1; run <= repetitions; run++) {
        Load.Result closed = load.closedLoop(MEASURE);
        long[] fixed = load.openLoop(1_000, MEASURE);
        authenticatedGet.add(load.closedLoopGet(Duration.ofSeconds(10),
            service.base().resolve("/triage/" + java.util.UUID.randomUUID()), true, 404).perSecond());
        healthGet.add(load.closedLoopGet(Duration.ofSeconds(10), service.base().resolve("/q/health/live"), false, 200)
            .perSecond());
        throughput.add(closed.perSecond());
        closedP99.add(Stats.percentileMillis(closed.latencies(), 99));
        p50.add(Stats.percentileMillis(fixed, 50));
        p99.add(Stats.percentileMillis(fixed, 99));
        System.out.printf("run %d: %.0f req/s (closed loop, p99 %.1f ms); at 1000 req/s p50 %.1f ms, p99 %.1f ms; "
            + "reference: authenticated GET 404 %.0f req/s, health %.0f req/s%n", run, throughput.getLast(),
            closedP99.getLast(), p50.getLast(), p99.getLast(), authenticatedGet.getLast(), healthGet.getLast());
      }
    }
    String markdown = """
        ## Triage

        What: (1) `TriageRules.decide` in process on 10,000 varied intakes (mostly mechanical, with
        structural, systemic, cancer, fever and red-flag cases), one thread, five 2-second runs after a
        3-second warm-up. (2) `POST /triage` against the triage-service as it ships: its packaged jar
        in its own JVM (`-Xmx512m`), on the test kit's broker and store running in the benchmark's JVM,
        with RS256 tokens of 10 clinics and 2,000 different intakes; each request verifies the token,
        validates the intake, decides, appends through the event store, and the relay publishes
        TriageCompleted (plus any RedFlagRaised) to Kafka, which the service's own consumer projects.
        Closed loop: %d clients sending back to back for 20 s. Fixed rate: 1,000 requests/s for 20 s,
        latency measured from each request's scheduled send time.
        Machine: %s.
        Reproduce: `bench/run.sh triage %d`. Medians of the runs after a 15 s unrecorded warm-up.

        | measure | median | runs |
        |---|---|---|
        | rule evaluations, 1 thread (goal ≥ 200,000/s) | %,.0f /s | %s |
        | `POST /triage`, closed loop of %d clients (goal ≥ 1,000/s) | %,.0f req/s | %s |
        | … its p99 | %.1f ms | %s |
        | `POST /triage` at 1,000 req/s: p50 | %.1f ms | %s |
        | `POST /triage` at 1,000 req/s: p99 (goal < 50 ms) | %.1f ms | %s |
        | reference: `GET /triage/{unknown}` (token, one store read, 404 problem), same clients | %,.0f req/s | %s |
        | reference: `GET /q/health/live` (no token), same clients | %,.0f req/s | %s |
        """.formatted(CLIENTS, Machine.describe(), repetitions, Stats.median(evaluations), Stats.list(evaluations, "%.0f"),
        CLIENTS, Stats.median(throughput), Stats.list(throughput, "%.0f"), Stats.median(closedP99), Stats.list(closedP99, "%.1f"),
        Stats.median(p50), Stats.list(p50, "%.1f"), Stats.median(p99), Stats.list(p99, "%.1f"), Stats.median(authenticatedGet),
        Stats.list(authenticatedGet, "%.0f"), Stats.median(healthGet), Stats.list(healthGet, "%.0f"));
    Report.write(report, "triage", markdown);
    System.out.println(markdown);
  }

  private static double evaluationsPerSecond(TriageRules rules, List<TriageIntake> intakes, Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    long start = System.nanoTime();
    long evaluations = 0;
    int sink = 0;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 1_000; i++) {
        sink += rules.decide(intakes.get((int) (evaluations % intakes.size()))).reasons().size();
        evaluations++;
      }
    }
    if (sink == 42) {
      System.out.print(""); // keeps the results alive for the JIT
    }
    return evaluations / ((System.nanoTime() - start) / 1e9);
  }

  /** Mostly mechanical, as the guide's prevalence says, with every other path represented. */
  static List<TriageIntake> intakes(int count, Random random) {
    List<TriageIntake> intakes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Set<HistoryItem> history = EnumSet.noneOf(HistoryItem.class);
      Set<IntakeSymptom> symptoms = EnumSet.noneOf(IntakeSymptom.class);
      Set<Aggravator> aggravators = EnumSet.of(Aggravator.SITTING, Aggravator.DESK_WORK);
      int roll = random.nextInt(100);
      if (roll >= 70 && roll < 90) {
        history.add(random.nextBoolean() ? HistoryItem.DEGENERATIVE_DISC_DISEASE : HistoryItem.OSTEOPOROSIS);
      } else if (roll >= 90) {
        history.add(HistoryItem.GERD);
        aggravators.add(Aggravator.MEALS);
        symptoms.add(IntakeSymptom.HEARTBURN);
      }
      if (random.nextInt(20) == 0) {
        history.add(HistoryItem.CANCER);
      }
      boolean fever = random.nextInt(15) == 0;
      boolean trauma = random.nextInt(25) == 0;
      int from = random.nextInt(12);
      int to = from + random.nextInt(12 - from);
      intakes.add(new TriageIntake(18 + random.nextInt(70), ZoneId.of("Europe/Berlin"), random.nextInt(11),
          new ThoracicRange(ThoracicLevel.values()[from], ThoracicLevel.values()[to]),
          random.nextBoolean() ? Onset.SUDDEN : Onset.GRADUAL, LocalDate.of(2026, 11, 1), aggravators, history, symptoms,
          new RedFlagAnswers(false, false, fever, false, trauma, false),
          new WorkPattern(random.nextInt(9), LocalTime.of(9, 0), LocalTime.of(17, 0), random.nextBoolean())));
    }
    return intakes;
  }

  private static List<String> bodies(int count, Random random) {
    List<String> bodies = new ArrayList<>(count);
    for (TriageIntake intake : intakes(count, random)) {
      bodies.add("""
          {"patientId": "pat-%d", "age": %d, "timezone": "Europe/Berlin", "painScore": %d,
           "painRegion": {"from": "%s", "to": "%s"}, "onset": "%s", "onsetDate": "2026-11-01",
           "aggravators": %s, "history": %s, "symptoms": %s,
           "redFlags": {"progressiveNumbness": false, "bowelBladderDysfunction": false, "fever": %b,
                        "unexplainedWeightLoss": false, "significantTrauma": %b, "chestPainOrBreathlessness": false},
           "work": {"deskHoursPerDay": %d, "workStart": "09:00", "workEnd": "17:00", "standingDesk": %b}}
          """.formatted(random.nextInt(1_000), intake.age(), intake.painScore(), intake.painRegion().from(),
          intake.painRegion().to(), intake.onset(), names(intake.aggravators()), names(intake.history()),
          names(intake.symptoms()), intake.redFlags().fever(), intake.redFlags().significantTrauma(),
          intake.work().deskHoursPerDay(), intake.work().standingDesk()));
    }
    return bodies;
  }

  private static String names(Set<? extends Enum<?>> values) {
    return values.stream().map(v -> "\"" + v.name() + "\"").toList().toString();
  }


  /** Sends POST /triage requests: back to back from a fixed number of clients, or at a fixed rate. */
  private record Load(HttpClient http, URI target, List<String> tokens, List<String> bodies) {
    record Result(double perSecond, long[] latencies) {}

    HttpRequest request(int i) {
      return HttpRequest.newBuilder(target).header("Authorization", "Bearer " + tokens.get(i % tokens.size()))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i % bodies.size()))).build();
    }

    Result closedLoop(Duration duration) throws Exception {
      return closedLoop(duration, this::request, 201);
    }

    /** Reference points: what the same stack serves for a request that does almost nothing. */
    Result closedLoopGet(Duration duration, URI uri, boolean withToken, int expectedStatus) throws Exception {
      return closedLoop(duration, i -> {
        HttpRequest.Builder get = HttpRequest.newBuilder(uri).GET();
        if (withToken) {
          get.header("Authorization", "Bearer " + tokens.get(i % tokens.size()));
        }
        return get.build();
      }, expectedStatus);
    }

    Result closedLoop(Duration duration, java.util.function.IntFunction<HttpRequest> requests, int expectedStatus)
        throws Exception {
      ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
      AtomicInteger sent = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      long end = System.nanoTime() + duration.toNanos();
      long start = System.nanoTime();
      try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int c = 0; c < CLIENTS; c++) {
          clients.submit(() -> {
            while (System.nanoTime() < end) {
              long t0 = System.nanoTime();
              HttpResponse<String> response = http.send(requests.apply(sent.getAndIncrement()),
                  HttpResponse.BodyHandlers.ofString());
              if (response.statusCode() != expectedStatus) {
                failed.incrementAndGet();
                throw new IllegalStateException("expected " + expectedStatus + ", got " + response.statusCode() + ": "
                    + response.body());
              }
              latencies.add(System.nanoTime() - t0);
            }
            return null;
          });
        }
      }
      if (failed.get() > 0) {
        throw new IllegalStateException(failed.get() + " requests failed");
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Result(latencies.size() / seconds, latencies.stream().mapToLong(Long::longValue).toArray());
    }

    long[] openLoop(int perSecond, Duration duration) throws Exception {
      int total = (int) (perSecond * duration.toSeconds());
      long[] latencies = new long[total];
      List<CompletableFuture<Void>> inFlight = new ArrayList<>(total);
      long interval = 1_000_000_000L / perSecond;
      long start = System.nanoTime();
      for (int i = 0; i < total; i++) {
        long scheduled = start + i * interval;
        long wait = scheduled - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        int index = i;
        inFlight.add(http.sendAsync(request(i), HttpResponse.BodyHandlers.ofString()).thenAccept(response -> {
          if (response.statusCode() != 201) {
            throw new IllegalStateException("POST /triage answered " + response.statusCode() + ": " + response.body());
          }
          latencies[index] = System.nanoTime() - scheduled; // from the planned send: no coordinated omission
        }));
      }
      CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
      return latencies;
    }
  }
}
