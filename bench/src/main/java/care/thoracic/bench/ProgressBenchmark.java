package care.thoracic.bench;

import care.thoracic.testkit.PackagedService;
import care.thoracic.contracts.Actor;
import care.thoracic.contracts.CareJson;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.PlanVariant;
import care.thoracic.contracts.events.PlanStarted;
import care.thoracic.testkit.TestEvents;
import care.thoracic.testkit.TestKafka;
import care.thoracic.testkit.TestMongo;
import care.thoracic.testkit.Tokens;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * Progress-service: sessions logged per second sustained from {@code POST /plans/{id}/sessions}
 * until the progress projection holds them all, and the time from a post until the session shows
 * in {@code GET /plans/{id}/progress} under a paced load.
 *
 * <p>Usage: {@code bench/run.sh progress [repetitions]}
 */
public final class ProgressBenchmark {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final int PLANS = 500;
  private static final int CLINICS = 10;
  private static final int CONNECTIONS = 16;
  private static final Duration MEASURE = Duration.ofSeconds(20);
  private static final int[] PACED_RATES = {500, 1_000}; // half the goal, and the goal
  static final int PACED_CONNECTIONS = 50;
  private static final int TYPICAL_ANSWER_MILLIS = 7;
  private static final int PROBES = 2; // patients' apps posting and then polling their progress
  private static final int PROBE_PLANS = 20;
  private static final String SESSIONS_GROUP = "progress-service.sessions";

  public static void main(String[] args) {
    Benchmarks.main(() -> run(args));
  }

  private static void run(String[] args) throws Exception {
    int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    Path report = Path.of(args.length > 1 ? args[1] : "BENCHMARKS.md");
    String database = "bench-progress";
    MongoDatabase store = TestMongo.client().getDatabase(database);
    Map<String, String> config = PackagedService.onTestInfra("progress-service", database, Map.of());
    Path work = Files.createDirectories(Path.of("bench/target/progress"));
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<Double> accepted = new ArrayList<>();
    List<Double> sustained = new ArrayList<>();
    List<Double> closedP99 = new ArrayList<>();
    List<PacedSeries> paced = List.of(new PacedSeries(PACED_RATES[0]), new PacedSeries(PACED_RATES[1]));
    try (PackagedService service = PackagedService.start(Path.of("progress-service/target/quarkus-app/quarkus-run.jar"),
        config, Path.of("bench/target/progress-service.log"))) {
      // the JIT needs a minute or two of this load before the service runs at full speed
      List<Plan> warmUp = startPlans(service.base(), http, "warm", PLANS);
      for (int round = 0; round < 4; round++) {
        HttpLoad.closedLoop(service.base(), CONNECTIONS, Duration.ofSeconds(15),
            sessionScript(work, warmUp, 0, lastThirtyDays()), false);
      }
      Backlog.awaitDrained(store, TestKafka.bootstrapServers(), SESSIONS_GROUP, Duration.ofMinutes(5));
      for (int run = 1; run <= repetitions; run++) {
        forgetEarlierRuns(store);
        // fresh plans each run, so every run posts to streams of the same lengths (0 to about 50 sessions)
        List<Plan> plans = startPlans(service.base(), http, "run" + run, PLANS + PROBE_PLANS);
        List<Plan> loaded = plans.subList(0, PLANS);
        List<Plan> probed = plans.subList(PLANS, plans.size());

        long start = System.nanoTime();
        HttpLoad.ClosedLoop closed = HttpLoad.closedLoop(service.base(), CONNECTIONS, MEASURE,
            sessionScript(work, loaded, 0, lastThirtyDays()), false);
        Backlog.awaitDrained(store, TestKafka.bootstrapServers(), SESSIONS_GROUP, Duration.ofMinutes(5));
        double seconds = (System.nanoTime() - start) / 1e9;
        long logged = sessionsLogged(service.base(), http, loaded);
        // wrk counts the answers it received; a request in flight when it stopped may still be logged
        if (logged < closed.requests() || logged > closed.requests() + CONNECTIONS) {
          throw new IllegalStateException(closed.requests() + " sessions answered 201 but " + logged + " logged");
        }
        accepted.add(closed.perSecond());
        sustained.add(logged / seconds);
        closedP99.add(closed.p99Millis());

        System.out.printf("run %d: %.0f sessions/s answered (closed loop, p99 %.1f ms), %.0f/s sustained into the "
            + "projection (%d logged in %.1f s)%n", run, accepted.getLast(), closedP99.getLast(), sustained.getLast(),
            logged, seconds);
        for (PacedSeries series : paced) {
          Paced result = pacedRun(service.base(), http, work, loaded, probed, series.target());
          Backlog.awaitDrained(store, TestKafka.bootstrapServers(), SESSIONS_GROUP, Duration.ofMinutes(5));
          series.add(result);
          System.out.printf("run %d at %.0f/s: post to visible p50 %.1f ms, p99 %.1f ms (%d probes), answer p99 %.1f ms%n",
              run, result.perSecond(), series.p50().getLast(), series.p99().getLast(), result.visible().length,
              result.answerP99Millis());
        }
      }
    }
    String markdown = """
        ## Progress-service

        What: progress-service as it ships (its packaged jar in its own JVM, `-Xmx512m` and `deploy/service-jvm.options`), on the test
        kit's broker and store in the benchmark's JVM. Each run starts %,d fresh plans of %d clinics
        (PlanStarted on `care.plan.v1`, 30 days ago) and waits until progress has them. A post
        verifies the patient's token, reads the plan's facts, brings the plan's progress stream up to
        date (the service keeps recent streams' state, so only newer commits are read), decides and
        appends SessionLogged; the outbox relay publishes it to `care.session.v1` and the
        service's own consumer folds it into the plan's progress document, from which
        `GET /plans/{id}/progress` computes the report.
        Sustained: `wrk` with %d connections posting sessions back to back for %d s (a fresh
        sessionId each, round robin over the plans, each with its patient's RS256 token, days spread
        over the last 30), then the time until the consumer group `%s` has no lag: sessions now in
        the projection (summed from `GET /progress` of every plan, checked against the 201s) divided
        by the time from the first post until then.
        Latency: a paced load of `wrk` with %d connections, each waiting between posts so that they
        send %,d and then %,d posts/s (the achieved rate is reported), while %d patients' apps post to
        %d other plans in turn and poll `GET /progress` every 5 ms until `sessionsLogged` counts their
        session: the time from sending the post until the report shows it.
        Machine: %s.
        Reproduce: `bench/run.sh progress %d`. Medians of the runs, after a minute of unrecorded warm-up.

        | measure | median | runs |
        |---|---|---|
        | sessions answered 201, closed loop of %d connections | %,.0f /s | %s |
        | … p99 of those answers | %.1f ms | %s |
        | sessions sustained from post into the projection (goal ≥ 1,000/s) | %,.0f /s | %s |
        %s
        """.formatted(PLANS, CLINICS, CONNECTIONS, MEASURE.toSeconds(), SESSIONS_GROUP, PACED_CONNECTIONS,
        PACED_RATES[0], PACED_RATES[1], PROBES, PROBE_PLANS, Machine.describe(), repetitions,
        CONNECTIONS, Stats.median(accepted), Stats.list(accepted, "%.0f"),
        Stats.median(closedP99), Stats.list(closedP99, "%.1f"),
        Stats.median(sustained), Stats.list(sustained, "%.0f"),
        String.join("\n", paced.stream().map(PacedSeries::rows).toList()));
    Report.write(report, "progress", markdown);
    System.out.println(markdown);
  }

  /** A plan and its patient's Authorization header (the token signed once, as the app would hold it). */
  record Plan(UUID planId, String authorization) {}

  /** Starts plans as plan-service would publish them and waits until progress shows every one. */
  static List<Plan> startPlans(URI base, HttpClient http, String name, int count) throws Exception {
    LocalDate today = LocalDate.now(BERLIN);
    List<EventEnvelope<?>> started = new ArrayList<>();
    List<Plan> plans = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      UUID planId = UUID.randomUUID();
      String clinic = "clinic-" + i % CLINICS;
      String patient = "pat-" + name + "-" + i;
      started.add(TestEvents.envelope(Tenant.of(clinic), "plan-" + planId, 1, new PlanStarted(planId,
          PatientId.of(patient), UUID.randomUUID(), "thoracic-v1@2026.11", PlanVariant.STANDARD, Phase.FOUNDATION,
          today.minusDays(35), BERLIN, 6, null, today.minusDays(30), today.minusDays(16)),
          Actor.service("plan-service")));
      plans.add(new Plan(planId, "Bearer " + Tokens.patient(clinic, patient)));
    }
    TestEvents.publishAll(started, "plan-service");
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    for (Plan plan : plans) {
      while (progress(http, progressRequest(base, plan)).statusCode() == 404) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("progress did not learn of plan " + plan.planId());
        }
        Thread.sleep(50);
      }
    }
    return plans;
  }

  /** The days sessions are spread over: the plans started 30 days ago. */
  private static List<LocalDate> lastThirtyDays() {
    LocalDate today = LocalDate.now(BERLIN);
    return IntStream.range(0, 30).mapToObj(today::minusDays).toList();
  }

  /** Keeps the embedded store (a heap in the benchmark's JVM) from growing with each repetition. */
  private static void forgetEarlierRuns(MongoDatabase store) {
    store.getCollection("event_commits").deleteMany(Filters.exists("pending", false));
    store.getCollection("progress_views").deleteMany(Filters.empty());
  }

  /**
   * A connection waits for its answer and then this long: the answer time (about 7 ms at these
   * rates, the p50 wrk measured) is taken off so the connections together send about {@code rate}.
   */
  static long pauseMillis(int rate) {
    return 1_000L * PACED_CONNECTIONS / rate - TYPICAL_ANSWER_MILLIS;
  }

  /**
   * A wrk script posting sessions round robin over the plans and the days, a fresh sessionId each,
   * waiting {@code pauseMillis} between posts on a connection (0: back to back).
   */
  static Path sessionScript(Path work, List<Plan> plans, long pauseMillis, List<LocalDate> days) throws Exception {
    StringBuilder lua = new StringBuilder("local plans = {\n");
    for (Plan plan : plans) {
      lua.append("  {\"/plans/").append(plan.planId()).append("/sessions\", \"").append(plan.authorization())
          .append("\"},\n");
    }
    lua.append("}\nlocal days = {");
    for (LocalDate day : days) {
      lua.append('"').append(day).append("\",");
    }
    String idPrefix = UUID.randomUUID().toString().substring(0, 23); // the rest of each id counts the posts
    lua.append("""
        }
        local sent = 0
        request = function()
          sent = sent + 1
          local plan = plans[sent %% #plans + 1]
          local pain = sent %% 5 + 2
          local body = '{"sessionId":"%s-' .. string.format("%%012x", sent) .. '","performedOn":"'
            .. days[sent %% #days + 1] .. '","exercises":[{"exerciseId":"thoracic-extension","sets":2,"reps":10},'
            .. '{"exerciseId":"cat-cow","sets":2,"holdSeconds":30}],"painBefore":' .. pain
            .. ',"painAfter":' .. (pain - 1) .. '}'
          return wrk.format("POST", plan[1], {["Authorization"] = plan[2], ["Content-Type"] = "application/json"}, body)
        end
        local refused = 0
        response = function(status, headers, body)
          if status ~= 201 and refused < 3 then -- shown in the failure HttpLoad reports
            refused = refused + 1
            print(status .. " " .. body)
          end
        end
        """.formatted(idPrefix));
    if (pauseMillis > 0) {
      lua.append("delay = function() return ").append(pauseMillis).append(" end\n");
    }
    return Files.writeString(work.resolve(pauseMillis > 0 ? "paced.lua" : "closed.lua"), lua.toString());
  }

  /** Nanoseconds from sending a post until GET /progress showed it, per probe. */
  record Paced(double perSecond, long[] visible, double answerP99Millis) {}

  /** The runs at one paced rate, and their rows in the report. */
  record PacedSeries(int target, List<Double> achieved, List<Double> p50, List<Double> p99, List<Double> answerP99) {
    PacedSeries(int target) {
      this(target, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }

    void add(Paced run) {
      achieved.add(run.perSecond());
      p50.add(Stats.percentileMillis(run.visible(), 50));
      p99.add(Stats.percentileMillis(run.visible(), 99));
      answerP99.add(run.answerP99Millis());
    }

    String rows() {
      return """
          | paced at %,d/s: achieved | %,.0f /s | %s |
          | … post to visible in `GET /progress`, p50 | %.1f ms | %s |
          | … post to visible in `GET /progress`, p99 (goal < 500 ms) | %.1f ms | %s |
          | … post answered, p99 | %.1f ms | %s |""".formatted(target, Stats.median(achieved),
          Stats.list(achieved, "%.0f"), Stats.median(p50), Stats.list(p50, "%.1f"), Stats.median(p99),
          Stats.list(p99, "%.1f"), Stats.median(answerP99), Stats.list(answerP99, "%.1f"));
    }
  }

  private static Paced pacedRun(URI base, HttpClient http, Path work, List<Plan> loaded, List<Plan> probed, int rate)
      throws Exception {
    Path script = sessionScript(work, loaded, pauseMillis(rate), lastThirtyDays());
    try (ExecutorService load = Executors.newVirtualThreadPerTaskExecutor()) {
      long start = System.nanoTime();
      Future<HttpLoad.ClosedLoop> background = load.submit(() ->
          HttpLoad.closedLoop(base, PACED_CONNECTIONS, MEASURE, script, false));
      Thread.sleep(1_000); // the paced connections are open and sending
      long probeUntil = start + MEASURE.toNanos() - Duration.ofSeconds(1).toNanos();
      List<Future<List<Long>>> probes = new ArrayList<>();
      for (int p = 0; p < PROBES; p++) {
        int first = p;
        probes.add(load.submit(() -> {
          List<Long> visible = new ArrayList<>();
          int[] logged = new int[probed.size()];
          for (int i = first; System.nanoTime() < probeUntil; i += PROBES) {
            int plan = i % probed.size();
            visible.add(postAndWatch(base, http, probed.get(plan), logged[plan]));
            logged[plan]++;
            Thread.sleep(20);
          }
          return visible;
        }));
      }
      List<Long> visible = new ArrayList<>();
      for (Future<List<Long>> probe : probes) {
        visible.addAll(probe.get());
      }
      HttpLoad.ClosedLoop paced = background.get();
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Paced(paced.perSecond() + visible.size() / seconds,
          visible.stream().mapToLong(Long::longValue).toArray(), paced.p99Millis());
    }
  }

  /** Posts a session and polls the plan's progress until it counts more than {@code loggedBefore}. */
  static long postAndWatch(URI base, HttpClient http, Plan plan, int loggedBefore) throws Exception {
    String body = """
        {"sessionId":"%s","performedOn":"%s","exercises":[{"exerciseId":"thoracic-extension","sets":2,"reps":10}],
         "painBefore":5,"painAfter":4}""".formatted(UUID.randomUUID(), LocalDate.now(BERLIN));
    HttpRequest post = HttpRequest.newBuilder(base.resolve("/plans/" + plan.planId() + "/sessions"))
        .header("Authorization", plan.authorization()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpRequest progress = progressRequest(base, plan);
    long sent = System.nanoTime();
    HttpResponse<String> posted = http.send(post, HttpResponse.BodyHandlers.ofString());
    if (posted.statusCode() != 201) {
      throw new IllegalStateException("session post answered " + posted.statusCode() + ": " + posted.body());
    }
    long deadline = sent + Duration.ofSeconds(30).toNanos();
    while (loggedCount(http, progress) <= loggedBefore) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("session of plan " + plan.planId() + " not visible after 30 s");
      }
      Thread.sleep(5);
    }
    return System.nanoTime() - sent;
  }

  static long sessionsLogged(URI base, HttpClient http, List<Plan> plans) throws Exception {
    long logged = 0;
    for (Plan plan : plans) {
      logged += loggedCount(http, progressRequest(base, plan));
    }
    return logged;
  }

  static HttpRequest progressRequest(URI base, Plan plan) {
    return HttpRequest.newBuilder(base.resolve("/plans/" + plan.planId() + "/progress"))
        .header("Authorization", plan.authorization()).build();
  }

  private static HttpResponse<String> progress(HttpClient http, HttpRequest progress) throws Exception {
    return http.send(progress, HttpResponse.BodyHandlers.ofString());
  }

  static int loggedCount(HttpClient http, HttpRequest progress) throws Exception {
    HttpResponse<String> answer = progress(http, progress);
    if (answer.statusCode() != 200) {
      throw new IllegalStateException("progress answered " + answer.statusCode() + ": " + answer.body());
    }
    return CareJson.mapper().readTree(answer.body()).get("sessionsLogged").asInt();
  }
}
