package care.thoracic.bench;

import care.thoracic.bench.ProgressBenchmark.Plan;
import care.thoracic.contracts.kafka.BrokerAccess;
import care.thoracic.devstack.CareApi;
import care.thoracic.devstack.CareApi.Service;
import care.thoracic.devstack.ConsumerGroups;
import care.thoracic.devstack.Journey;
import care.thoracic.devstack.TokenMinter;
import care.thoracic.testkit.PackagedService;
import care.thoracic.testkit.TestKafka;
import care.thoracic.testkit.TestMongo;
import care.thoracic.testkit.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The whole platform end to end: the four services as they ship, each in its own JVM, on the test
 * kit's broker and store (in this JVM). Patients come in through triage intakes, their plans start,
 * and their apps log sessions. Measured in each run: sessions per second sustained until every
 * consumer of every service has caught up; under a paced load, the time from a post to the progress
 * view, and from a post reporting a warning sign to the flag in the clinician's inbox and to the
 * resulting plan event on an open SSE subscription; and, in the same run, the raw limits: store
 * inserts and Kafka produce → consume.
 *
 * <p>Usage: {@code bench/run.sh platform [repetitions]}
 */
public final class PlatformBenchmark {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final Map<Service, String> MODULES = Map.of(Service.TRIAGE, "triage-service",
      Service.PLAN, "plan-service", Service.PROGRESS, "progress-service", Service.REMINDER, "reminder-service");
  private static final TokenMinter TOKENS = (role, clinic, subject) -> Tokens.token(clinic, subject, role).sign();
  private static final int LOAD_PLANS = 200;
  private static final int CLINICS = 5;
  private static final int PROBE_PLANS = 20;
  private static final int FLAG_PATIENTS = 40;
  private static final int CONNECTIONS = 16;
  private static final Duration LOADED = Duration.ofSeconds(20);
  private static final Duration PACED = Duration.ofSeconds(20);
  private static final int RAW_INSERTS = 30_000;
  private static final int RAW_RECORDS = 200_000;
  private static final String RAW_TOPIC = "bench.platform.raw";

  private final CareApi api;
  private final ConsumerGroups groups;
  private final Map<Service, PackagedService> running;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Path work;

  private PlatformBenchmark(CareApi api, ConsumerGroups groups, Map<Service, PackagedService> running, Path work) {
    this.api = api;
    this.groups = groups;
    this.running = running;
    this.work = work;
  }

  public static void main(String[] args) {
    Benchmarks.main(() -> run(args));
  }

  private static void run(String[] args) throws Exception {
    int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    Path report = Path.of(args.length > 1 ? args[1] : "BENCHMARKS.md");
    String bootstrap = TestKafka.bootstrapServers();
    TestKafka.ensureTopics(Map.of(RAW_TOPIC, 12));
    Map<Service, CompletableFuture<PackagedService>> starting = new EnumMap<>(Service.class);
    for (Service service : Service.values()) {
      starting.put(service, CompletableFuture.supplyAsync(() -> start(service)));
    }
    Map<Service, PackagedService> running = new EnumMap<>(Service.class);
    Map<Service, URI> bases = new EnumMap<>(Service.class);
    starting.forEach((service, started) -> {
      running.put(service, started.join());
      bases.put(service, started.join().base());
    });
    Result result = new Result();
    try (ConsumerGroups groups = new ConsumerGroups(TestKafka.clientConfig(BrokerAccess.OPERATOR))) {
      PlatformBenchmark bench = new PlatformBenchmark(new CareApi(bases), groups, running,
          Files.createDirectories(Path.of("bench/target/platform")));
      // the JIT needs some of this load before the services run at full speed
      bench.sustained(bench.intakes("bench-warm", LOAD_PLANS));
      for (int run = 1; run <= repetitions; run++) {
        List<Plan> loaded = bench.intakes("bench-load-" + run, LOAD_PLANS);
        List<Plan> probed = bench.intakes("bench-probe-" + run, PROBE_PLANS);
        List<Journey> flagged = bench.flagPatients("bench-flags-" + run);
        Sustained sustained = bench.sustained(loaded);
        Latencies latencies = bench.latencies(loaded, probed, flagged, (int) (sustained.perSecond() / 2));
        long insertsCpuFrom = Machine.cpuMillis(ProcessHandle.current().pid());
        double inserts = new EventPipelineBenchmark(RAW_INSERTS).rawInserts();
        double insertCpuMillis = (Machine.cpuMillis(ProcessHandle.current().pid()) - insertsCpuFrom) / (double) RAW_INSERTS;
        double kafka = rawProduceConsume(bootstrap);
        result.add(sustained, latencies, inserts, insertCpuMillis, kafka);
        System.out.printf("run %d: %.0f sessions/s sustained, CPU ms per session %s; paced %.0f/s: progress p50 %.1f p99 %.1f ms, "
            + "inbox p50 %.1f p99 %.1f ms, SSE p50 %.1f p99 %.1f ms (%d flags); raw inserts %.0f/s (%.3f ms CPU each), raw Kafka %.0f/s%n",
            run, sustained.perSecond(), sustained.cpuMillisPerSession(), latencies.achieved(), Stats.percentileMillis(latencies.progress(), 50),
            Stats.percentileMillis(latencies.progress(), 99), Stats.percentileMillis(latencies.inbox(), 50),
            Stats.percentileMillis(latencies.inbox(), 99), Stats.percentileMillis(latencies.sse(), 50),
            Stats.percentileMillis(latencies.sse(), 99), latencies.inbox().length, inserts, insertCpuMillis, kafka);
      }
    } finally {
      running.values().parallelStream().forEach(PackagedService::close);
    }
    String markdown = result.markdown(repetitions);
    Report.write(report, "platform", markdown);
    System.out.println(markdown);
  }

  private static PackagedService start(Service service) {
    String module = MODULES.get(service);
    try {
      return PackagedService.start(Path.of(module, "target", "quarkus-app", "quarkus-run.jar"),
          PackagedService.onTestInfra(module, "bench-platform-" + module, Map.of()),
          Path.of("bench/target/platform-" + module + ".log"));
    } catch (Exception e) {
      throw new IllegalStateException(module + " did not start", e);
    }
  }

  /** {@code count} patients of {@link #CLINICS} clinics through a mechanical intake, each plan running and known to progress. */
  private List<Plan> intakes(String name, int count) throws Exception {
    List<Journey> patients = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      patients.add(journey(name + "-" + i % CLINICS, "pat-" + i));
    }
    List<String> planIds = startPlans(patients);
    List<Plan> plans = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      plans.add(new Plan(UUID.fromString(planIds.get(i)), "Bearer " + patients.get(i).patientToken()));
    }
    return plans;
  }

  /** Patients of one clinic with running plans, each to report one warning sign. */
  private List<Journey> flagPatients(String clinic) throws Exception {
    List<Journey> patients = new ArrayList<>();
    for (int i = 0; i < FLAG_PATIENTS; i++) {
      patients.add(journey(clinic, "pat-" + i));
    }
    startPlans(patients);
    return patients;
  }

  /** Each patient's intake (8 at a time), until the plan runs and progress knows it; the plan ids in order. */
  private static List<String> startPlans(List<Journey> patients) throws Exception {
    try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
      List<Future<String>> plans = new ArrayList<>();
      for (Journey patient : patients) {
        plans.add(clients.submit(() -> {
          patient.submitIntake(patient.mechanicalIntake(LocalDate.now(BERLIN).minusDays(10), 6));
          String planId = patient.awaitRunningPlan();
          patient.awaitProgress(planId);
          return planId;
        }));
      }
      List<String> started = new ArrayList<>();
      for (Future<String> plan : plans) {
        started.add(plan.get());
      }
      return started;
    }
  }

  private Journey journey(String clinic, String patient) {
    return new Journey(api, groups, TOKENS, clinic, patient, line -> { });
  }

  /** Sessions per second, and the CPU time each process spent per session meanwhile. */
  record Sustained(double perSecond, Map<String, Double> cpuMillisPerSession) {}

  /**
   * {@link #CONNECTIONS} connections post sessions back to back for {@link #LOADED}; then the time
   * until every session is in the progress views and every service's outbox and consumers are
   * drained. Sessions counted in the views ÷ that time; and each process's CPU time (user and
   * system, from {@code /proc}) over that time ÷ the sessions.
   */
  private Sustained sustained(List<Plan> plans) throws Exception {
    long before = ProgressBenchmark.sessionsLogged(api.base(Service.PROGRESS), http, plans);
    Map<String, Long> cpuBefore = cpuMillis();
    long start = System.nanoTime();
    HttpLoad.ClosedLoop load = HttpLoad.closedLoop(api.base(Service.PROGRESS), CONNECTIONS, LOADED,
        ProgressBenchmark.sessionScript(work, plans, 0, List.of(LocalDate.now(BERLIN))), false);
    // Drained is judged from the outboxes and the consumer groups, not by polling the views, which
    // would load progress-service more than the sessions do; a second pass catches what the
    // consumers of the first one passed on.
    awaitEveryServiceDrained();
    awaitEveryServiceDrained();
    double seconds = (System.nanoTime() - start) / 1e9;
    long logged = ProgressBenchmark.sessionsLogged(api.base(Service.PROGRESS), http, plans) - before;
    if (logged < load.requests() || logged > load.requests() + CONNECTIONS) { // a request in flight when wrk stopped may still be logged
      throw new IllegalStateException(load.requests() + " sessions answered 201 but " + logged + " logged");
    }
    Map<String, Double> perSession = new LinkedHashMap<>();
    long sessions = logged;
    cpuMillis().forEach((process, millis) -> perSession.put(process, (millis - cpuBefore.get(process)) / (double) sessions));
    return new Sustained(logged / seconds, perSession);
  }

  /** CPU time so far of each service's JVM and of this one (broker, store, load checks). */
  private Map<String, Long> cpuMillis() throws Exception {
    Map<String, Long> cpu = new LinkedHashMap<>();
    for (Service service : Service.values()) {
      cpu.put(MODULES.get(service), Machine.cpuMillis(running.get(service).pid()));
    }
    cpu.put("broker and store", Machine.cpuMillis(ProcessHandle.current().pid()));
    return cpu;
  }


  private void awaitEveryServiceDrained() throws Exception {
    for (String module : MODULES.values()) {
      for (String group : groups.groups(name -> name.startsWith(module + "."))) {
        Backlog.awaitDrained(TestMongo.client().getDatabase("bench-platform-" + module), TestKafka.bootstrapServers(),
            group, Duration.ofMinutes(5));
      }
    }
  }

  /** Per probe, nanoseconds from sending the post to seeing its effect. */
  record Latencies(double achieved, long[] progress, long[] inbox, long[] sse) {}

  /**
   * A paced load of about {@code rate} sessions/s for {@link #PACED}; meanwhile two apps post to
   * the probe plans and poll their progress, and one posts a session reporting progressive
   * numbness for each flag patient in turn, with the clinician's SSE subscription to that plan open,
   * and polls the clinician's inbox.
   */
  private Latencies latencies(List<Plan> loaded, List<Plan> probed, List<Journey> flagged, int rate) throws Exception {
    URI progress = api.base(Service.PROGRESS);
    Path script = ProgressBenchmark.sessionScript(work, loaded, ProgressBenchmark.pauseMillis(rate),
        List.of(LocalDate.now(BERLIN)));
    try (ExecutorService tasks = Executors.newVirtualThreadPerTaskExecutor()) {
      long start = System.nanoTime();
      Future<HttpLoad.ClosedLoop> background = tasks.submit(() ->
          HttpLoad.closedLoop(progress, ProgressBenchmark.PACED_CONNECTIONS, PACED, script, false));
      Thread.sleep(1_000); // the paced connections are open and sending
      long probeUntil = start + PACED.toNanos() - Duration.ofSeconds(1).toNanos();
      List<Future<List<Long>>> progressProbes = new ArrayList<>();
      for (int p = 0; p < 2; p++) {
        int first = p;
        progressProbes.add(tasks.submit(() -> {
          List<Long> visible = new ArrayList<>();
          int[] logged = new int[probed.size()];
          for (int i = first; System.nanoTime() < probeUntil; i += 2) {
            int plan = i % probed.size();
            visible.add(ProgressBenchmark.postAndWatch(progress, http, probed.get(plan), logged[plan]));
            logged[plan]++;
            Thread.sleep(20);
          }
          return visible;
        }));
      }
      List<long[]> flags = new ArrayList<>();
      for (Journey patient : flagged) {
        if (System.nanoTime() > probeUntil) {
          break;
        }
        flags.add(flagProbe(patient));
      }
      List<Long> visible = new ArrayList<>();
      for (Future<List<Long>> probe : progressProbes) {
        visible.addAll(probe.get());
      }
      HttpLoad.ClosedLoop paced = background.get();
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Latencies(paced.perSecond() + (visible.size() + flags.size()) / seconds,
          visible.stream().mapToLong(Long::longValue).toArray(), flags.stream().mapToLong(f -> f[0]).toArray(),
          flags.stream().mapToLong(f -> f[1]).toArray());
    }
  }

  /** {inbox, SSE}: nanoseconds from the post to the flag in the inbox, and to the next plan event on the stream. */
  private long[] flagProbe(Journey patient) throws Exception {
    JsonNode plan = patient.findPlan().orElseThrow();
    String planId = plan.path("planId").asText();
    long version = plan.path("version").asLong();
    AtomicLong planEventAt = new AtomicLong();
    try (SseSubscriptions stream = new SseSubscriptions(api.base(Service.PLAN), List.of(new SseSubscriptions.Subscription(
        "/plans/" + planId + "/stream", Map.of("Authorization", "Bearer " + patient.clinicianToken(),
            "Last-Event-ID", Long.toString(version)))), (index, id, receivedNanos) -> {
              if (id > version) {
                planEventAt.compareAndSet(0, receivedNanos);
              }
            })) {
      stream.awaitOpen(Duration.ofSeconds(10));
      long sent = System.nanoTime();
      patient.logSession(planId, LocalDate.now(BERLIN), 5, "PROGRESSIVE_NUMBNESS");
      long deadline = sent + Duration.ofSeconds(30).toNanos();
      while (patient.flags("OPEN").isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no flag in the inbox for " + patient.patientId() + " after 30 s");
        }
        Thread.sleep(5);
      }
      long inInbox = System.nanoTime() - sent;
      while (planEventAt.get() == 0) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no plan event on the stream of " + planId + " after 30 s: " + stream.failure());
        }
        Thread.sleep(1);
      }
      return new long[] {inInbox, planEventAt.get() - sent};
    }
  }

  /**
   * The broker's own limit in this run: {@link #RAW_RECORDS} records of a session's size (600 B)
   * produced (acks=all, idempotent, as the relay sends) and consumed by one consumer reading all
   * partitions; records ÷ time from the first send to the last record read.
   */
  private static double rawProduceConsume(String bootstrap) throws Exception {
    // the bench's own topic: as the admin, over the same authenticated listener as the services
    Map<String, Object> producerConfig = TestKafka.clientConfig(bootstrap, BrokerAccess.ADMIN);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, "1");
    Map<String, Object> consumerConfig = TestKafka.clientConfig(bootstrap, BrokerAccess.ADMIN);
    byte[] value = new byte[600];
    try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
        var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(RAW_TOPIC).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position); // resolve the end now, before anything is sent
      long start = System.nanoTime();
      Future<?> sending = CompletableFuture.runAsync(() -> {
        for (int i = 0; i < RAW_RECORDS; i++) {
          producer.send(new ProducerRecord<>(RAW_TOPIC, "clinic:pat-" + i % 1_000, value));
        }
        producer.flush();
      });
      long read = 0;
      while (read < RAW_RECORDS) {
        for (ConsumerRecord<String, byte[]> ignored : consumer.poll(Duration.ofMillis(100))) {
          read++;
        }
      }
      sending.get();
      return RAW_RECORDS / ((System.nanoTime() - start) / 1e9);
    }
  }

  /** The runs' figures and the report. */
  private static final class Result {
    private final List<Double> sustained = new ArrayList<>();
    private final List<Double> achieved = new ArrayList<>();
    private final List<Double> progressP50 = new ArrayList<>();
    private final List<Double> progressP99 = new ArrayList<>();
    private final List<Double> inboxP50 = new ArrayList<>();
    private final List<Double> inboxP99 = new ArrayList<>();
    private final List<Double> sseP50 = new ArrayList<>();
    private final List<Double> sseP99 = new ArrayList<>();
    private final List<Double> flags = new ArrayList<>();
    private final List<Double> inserts = new ArrayList<>();
    private final List<Double> kafka = new ArrayList<>();
    private final List<Double> ratio = new ArrayList<>();
    private final List<Double> insertCpu = new ArrayList<>();
    private final List<Double> sessionCpu = new ArrayList<>();
    private final List<Double> inInserts = new ArrayList<>();
    private final Map<String, List<Double>> cpu = new LinkedHashMap<>();

    void add(Sustained run, Latencies latencies, double rawInserts, double insertCpuMillis, double rawKafka) {
      double sessions = run.perSecond();
      double perSession = run.cpuMillisPerSession().values().stream().mapToDouble(Double::doubleValue).sum();
      insertCpu.add(insertCpuMillis);
      sessionCpu.add(perSession);
      inInserts.add(perSession / insertCpuMillis);
      sustained.add(sessions);
      run.cpuMillisPerSession().forEach((process, millis) -> cpu.computeIfAbsent(process, p -> new ArrayList<>()).add(millis));
      achieved.add(latencies.achieved());
      progressP50.add(Stats.percentileMillis(latencies.progress(), 50));
      progressP99.add(Stats.percentileMillis(latencies.progress(), 99));
      inboxP50.add(Stats.percentileMillis(latencies.inbox(), 50));
      inboxP99.add(Stats.percentileMillis(latencies.inbox(), 99));
      sseP50.add(Stats.percentileMillis(latencies.sse(), 50));
      sseP99.add(Stats.percentileMillis(latencies.sse(), 99));
      flags.add((double) latencies.inbox().length);
      inserts.add(rawInserts);
      kafka.add(rawKafka);
      ratio.add(sessions / rawInserts);
    }

    String markdown(int repetitions) {
      StringBuilder cpuRows = new StringBuilder();
      cpu.forEach((process, runs) -> cpuRows.append(String.format("| CPU per session in the sustained phase: %s | %.2f ms | %s |%n",
          process, Stats.median(runs), Stats.list(runs, "%.2f"))));
      return """
          ## Platform end to end

          `bench/run.sh platform [repetitions]`. Machine: %s.

          The four services as they ship (packaged jars, each its own JVM, `-Xmx512m` and `deploy/service-jvm.options`) on the test
          kit's Kafka broker and Mongo wire server, which run in the benchmark's JVM: six processes
          on the same cores. Each run takes %d patients of %d clinics through a triage intake (plan
          started by plan-service, known to progress-service), %d more for the probes and %d whose
          sessions will report a warning sign.
          Sustained: `wrk`, %d connections posting sessions back to back for %d s (each patient's
          RS256 token, a fresh sessionId, all dated today), then the time until every service's
          outbox and every consumer group are drained (progress views, plan-service's adherence,
          reminder-service's schedules); sessions then counted in the views (checked against the
          201s) ÷ that time.
          Latency: a paced load of about half the sustained rate for %d s; meanwhile two apps post to
          the probe plans and poll `GET /plans/{id}/progress` every 5 ms until the session counts
          (a), and one app after another posts a session reporting progressive numbness while the
          clinician's SSE subscription to that plan is open: the time until the URGENT flag is in the
          clinician's inbox (`GET /clinic/red-flags?status=OPEN`, polled every 5 ms) (b) and until the
          plan event it causes (the plan suspended) arrives on the subscription (c).
          Raw limits in the same run: %,d one-event commit documents inserted into the same store by
          4 writers (`EventPipelineBenchmark.rawInserts`), and %,d records of 600 B produced (acks=all)
          and consumed on a 12-partition topic of the same broker, from the first send to the last read.
          CPU per session: each process's user and system time over the sustained phase (from
          `/proc`) ÷ the sessions; "broker and store" is the benchmark's JVM (which also asks the
          broker for the groups' lag while they catch up). CPU per raw store insert: the benchmark's
          JVM's (the writers, the driver and the store) over the raw inserts ÷ the inserts. Medians of %d runs, after an unrecorded warm-up of one
          sustained round.

          | measure | median | runs |
          |---|---|---|
          | sessions sustained, post → every consumer drained | %,.0f /s | %s |
          | raw store inserts (same store, same run) | %,.0f /s | %s |
          | platform ÷ raw store inserts (goal ≥ 0.33) | %.2f | %s |
          | CPU per raw store insert (same store, same run) | %.3f ms | %s |
          | CPU per session, every process | %.2f ms | %s |
          | CPU per session ÷ CPU per raw store insert, same run (goal ≤ 10, half of 2026-11-25's ≈ 20) | %.1f | %s |
          | raw Kafka produce → consume (same broker, same run) | %,.0f records/s | %s |
          | paced load achieved | %,.0f /s | %s |
          | (a) post → progress view, p50 | %.1f ms | %s |
          | (a) post → progress view, p99 | %.1f ms | %s |
          | (b) post → flag in the clinician's inbox, p50 | %.1f ms | %s |
          | (b) post → flag in the clinician's inbox, p99 | %.1f ms | %s |
          | (c) post → plan event on the open SSE subscription, p50 | %.1f ms | %s |
          | (c) post → plan event on the open SSE subscription, p99 | %.1f ms | %s |
          | flag probes per run (their p99 is close to their maximum) | %.0f | %s |
          %s""".formatted(Machine.describe(), LOAD_PLANS, CLINICS, PROBE_PLANS, FLAG_PATIENTS, CONNECTIONS,
          LOADED.toSeconds(), PACED.toSeconds(), RAW_INSERTS, RAW_RECORDS, repetitions,
          Stats.median(sustained), Stats.list(sustained, "%.0f"), Stats.median(inserts), Stats.list(inserts, "%.0f"),
          Stats.median(ratio), Stats.list(ratio, "%.2f"), Stats.median(insertCpu), Stats.list(insertCpu, "%.3f"),
          Stats.median(sessionCpu), Stats.list(sessionCpu, "%.2f"), Stats.median(inInserts), Stats.list(inInserts, "%.1f"),
          Stats.median(kafka), Stats.list(kafka, "%.0f"),
          Stats.median(achieved), Stats.list(achieved, "%.0f"),
          Stats.median(progressP50), Stats.list(progressP50, "%.1f"), Stats.median(progressP99), Stats.list(progressP99, "%.1f"),
          Stats.median(inboxP50), Stats.list(inboxP50, "%.1f"), Stats.median(inboxP99), Stats.list(inboxP99, "%.1f"),
          Stats.median(sseP50), Stats.list(sseP50, "%.1f"), Stats.median(sseP99), Stats.list(sseP99, "%.1f"),
          Stats.median(flags), Stats.list(flags, "%.0f"), cpuRows);
    }
  }
}
