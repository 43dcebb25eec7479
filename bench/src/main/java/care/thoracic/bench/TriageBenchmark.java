package care.thoracic.bench;

import care.thoracic.testkit.PackagedService;
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
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.net.URI;
import java.nio.file.Files;
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
import java.util.UUID;

/**
 * Triage: rule evaluations per second in process, and {@code POST /triage} against the service as
 * it ships (its packaged jar in its own JVM, on the test kit's broker and store): the most requests
 * a closed loop of connections gets through, and the latency at a fixed 1,000 requests/s.
 *
 * <p>Usage: {@code bench/run.sh triage [repetitions]}
 */
public final class TriageBenchmark {
  private static final int CONNECTIONS = 16;
  private static final int FIXED_RATE = 1_000;
  private static final int FIXED_RATE_CLIENTS = 50;
  private static final Duration MEASURE = Duration.ofSeconds(20);
  private static final String CONSUMER_GROUP = "triage-service.patient-triages";

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

    String database = "bench-triage";
    Map<String, String> config = PackagedService.onTestInfra("triage-service", database, Map.of());
    List<String> tokens = new ArrayList<>();
    for (int clinic = 0; clinic < 10; clinic++) {
      tokens.add(Tokens.clinician("clinic-" + clinic, "dr-" + clinic));
    }
    List<String> bodies = bodies(2_000, new Random(11));
    Path work = Files.createDirectories(Path.of("bench/target/triage"));
    Path postScript = Files.writeString(work.resolve("post.lua"), wrkScript(tokens, bodies));
    Path getScript = Files.writeString(work.resolve("get.lua"), "wrk.headers[\"Authorization\"] = \"Bearer "
        + tokens.getFirst() + "\"\n");
    Path fixedBody = Files.writeString(work.resolve("intake.json"), bodies.getFirst());
    MongoDatabase store = TestMongo.client().getDatabase(database);

    List<Double> throughput = new ArrayList<>();
    List<Double> closedP99 = new ArrayList<>();
    List<Double> drain = new ArrayList<>();
    List<Double> p50 = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    List<Double> authenticatedGet = new ArrayList<>();
    List<Double> healthGet = new ArrayList<>();
    try (PackagedService service = PackagedService.start(jar, config, Path.of("bench/target/triage-service.log"))) {
      URI triage = service.base().resolve("/triage");
      // the JIT needs about two minutes of this load before the service runs at full speed
      for (int warmUp = 0; warmUp < 8; warmUp++) {
        HttpLoad.closedLoop(triage, CONNECTIONS, Duration.ofSeconds(15), postScript, false);
      }
      Backlog.awaitDrained(store, TestKafka.bootstrapServers(), CONSUMER_GROUP, Duration.ofMinutes(5));
      for (int run = 1; run <= repetitions; run++) {
        forgetPublishedTriages(store);
        HttpLoad.ClosedLoop closed = HttpLoad.closedLoop(triage, CONNECTIONS, MEASURE, postScript, false);
        Duration drained = Backlog.awaitDrained(store, TestKafka.bootstrapServers(), CONSUMER_GROUP, Duration.ofMinutes(5));
        long[] fixed = HttpLoad.fixedRate(triage, FIXED_RATE_CLIENTS, FIXED_RATE / FIXED_RATE_CLIENTS, MEASURE, fixedBody,
            Map.of("Content-Type", "application/json", "Authorization", "Bearer " + tokens.getFirst()), 201);
        Backlog.awaitDrained(store, TestKafka.bootstrapServers(), CONSUMER_GROUP, Duration.ofMinutes(5));
        authenticatedGet.add(HttpLoad.closedLoop(service.base().resolve("/triage/" + UUID.randomUUID()), CONNECTIONS,
            Duration.ofSeconds(10), getScript, true).perSecond());
        healthGet.add(HttpLoad.closedLoop(service.management().resolve("/q/health/live"), CONNECTIONS, Duration.ofSeconds(10),
            null, false).perSecond());
        throughput.add(closed.perSecond());
        closedP99.add(closed.p99Millis());
        drain.add(drained.toMillis() / 1000.0);
        p50.add(Stats.percentileMillis(fixed, 50));
        p99.add(Stats.percentileMillis(fixed, 99));
        System.out.printf("run %d: %.0f req/s (closed loop, p99 %.1f ms, projection caught up %.1f s later); "
            + "at %d req/s p50 %.1f ms, p99 %.1f ms; reference: authenticated GET 404 %.0f req/s, health %.0f req/s%n",
            run, throughput.getLast(), closedP99.getLast(), drain.getLast(), FIXED_RATE, p50.getLast(), p99.getLast(),
            authenticatedGet.getLast(), healthGet.getLast());
      }
    }
    String markdown = """
        ## Triage

        What: (1) `TriageRules.decide` in process on 10,000 varied intakes (mostly mechanical, with
        structural, systemic, cancer, fever and red-flag cases), one thread, five 2-second runs after a
        3-second warm-up. (2) `POST /triage` against the triage-service as it ships: its packaged jar
        in its own JVM (`-Xmx512m` and `deploy/service-jvm.options`), on the test kit's broker and store running in the benchmark's JVM;
        each request verifies the token, validates the intake, decides, appends through the event
        store, and the relay publishes TriageCompleted (plus any RedFlagRaised) to Kafka, which the
        service's own consumer projects. Load from native tools on the same machine: closed loop,
        `wrk` with %d connections sending back to back for 20 s, 2,000 different intakes and RS256
        tokens of 10 clinics; fixed rate, `h2load` with %d connections each sending %d requests/s
        (%,d/s in all) for 20 s, one intake and one clinician, latency from each request's send to its
        answer. Before each fixed-rate run the projection has caught up with the closed loop (the
        closed loop accepts requests faster than the consumer projects them; the time it took is
        reported), and before each repetition the benchmark deletes the previous repetitions'
        published commits and projected triages, so the embedded store's heap, and its collector's
        pauses, stay the same from run to run.
        Machine: %s.
        Reproduce: `bench/run.sh triage %d`. Medians of the runs, after two minutes of unrecorded warm-up.

        | measure | median | runs |
        |---|---|---|
        | rule evaluations, 1 thread (goal ≥ 200,000/s) | %,.0f /s | %s |
        | `POST /triage`, closed loop of %d connections (goal ≥ 1,000/s) | %,.0f req/s | %s |
        | … its p99 | %.1f ms | %s |
        | … projection caught up after the closed loop | %.1f s | %s |
        | `POST /triage` at %,d req/s: p50 | %.1f ms | %s |
        | `POST /triage` at %,d req/s: p99 (goal < 50 ms) | %.1f ms | %s |
        | reference: `GET /triage/{unknown}` (token, one store read, 404 problem), same connections | %,.0f req/s | %s |
        | reference: `GET /q/health/live` (no token, the management port), same connections | %,.0f req/s | %s |
        """.formatted(CONNECTIONS, FIXED_RATE_CLIENTS, FIXED_RATE / FIXED_RATE_CLIENTS, FIXED_RATE, Machine.describe(),
        repetitions, Stats.median(evaluations), Stats.list(evaluations, "%.0f"),
        CONNECTIONS, Stats.median(throughput), Stats.list(throughput, "%.0f"), Stats.median(closedP99),
        Stats.list(closedP99, "%.1f"), Stats.median(drain), Stats.list(drain, "%.1f"),
        FIXED_RATE, Stats.median(p50), Stats.list(p50, "%.1f"), FIXED_RATE, Stats.median(p99), Stats.list(p99, "%.1f"),
        Stats.median(authenticatedGet), Stats.list(authenticatedGet, "%.0f"), Stats.median(healthGet),
        Stats.list(healthGet, "%.0f"));
    Report.write(report, "triage", markdown);
    System.out.println(markdown);
  }

  /** Keeps the embedded store (a heap in the benchmark's JVM) from growing with each repetition. */
  private static void forgetPublishedTriages(MongoDatabase store) {
    store.getCollection("event_commits").deleteMany(Filters.exists("pending", false));
    store.getCollection("patient_triages").deleteMany(Filters.empty());
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
          new WorkPattern(random.nextInt(9), LocalTime.of(9, 0), LocalTime.of(17, 0), random.nextBoolean()), null));
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

  /** A wrk script sending the bodies in turn, each with the next clinic's token. */
  private static String wrkScript(List<String> tokens, List<String> bodies) {
    StringBuilder lua = new StringBuilder("""
        wrk.method = "POST"
        wrk.headers["Content-Type"] = "application/json"
        local tokens = {
        """);
    tokens.forEach(token -> lua.append("  \"").append(token).append("\",\n"));
    lua.append("}\nlocal bodies = {\n");
    bodies.forEach(body -> lua.append("  [==[").append(body).append("]==],\n"));
    lua.append("""
        }
        local sent = 0
        request = function()
          sent = sent + 1
          return wrk.format(nil, nil, {["Authorization"] = "Bearer " .. tokens[sent % #tokens + 1]},
            bodies[sent % #bodies + 1])
        end
        """);
    return lua.toString();
  }
}
