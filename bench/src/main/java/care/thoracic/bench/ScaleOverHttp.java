package care.thoracic.bench;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.kafka.BrokerAccess;
import care.thoracic.devstack.ConsumerGroups;
import care.thoracic.contracts.Tenant;
import care.thoracic.testkit.PackagedService;
import care.thoracic.testkit.TestKafka;
import care.thoracic.testkit.TestMongo;
import care.thoracic.testkit.Tokens;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A scale data set through plan-service and progress-service as they ship (packaged jars, each its
 * own JVM, {@code -Xmx512m} and {@code deploy/service-jvm.options}), started on the databases the
 * benchmark wrote: what a clinician's console and a patient's app wait for, one call after another
 * (p50 and p99), and each service's resident memory afterwards. The services' scheduled jobs are off
 * ({@code quarkus.scheduler.enabled=false}): what they query is measured in the store's table, and a
 * due review or check running meanwhile would be measured with whichever call it overlapped.
 */
final class ScaleOverHttp implements AutoCloseable {
  /** Per-plan calls go round robin over this many plans of the first clinic. */
  static final int PLANS_PER_CALL = 20;
  static final int SAMPLES = 200;
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  static final String[] CLINIC_MEASURES = {
      "GET /clinic/patients-at-risk (progress), first page of 20", "GET /clinic/plans?status=ACTIVE (plan), first page of 20",
      "GET /clinic/red-flags?status=OPEN (plan), first page of 20", "GET /clinic/work-queue (plan), first page of 20",
      "GET /plans/{id} (plan)", "GET /plans/{id}/progress (progress)", "POST /plans/{id}/sessions (progress)"};
  static final String[] HISTORY_MEASURES = {"GET /plans/{id}/progress (p50)", "GET /plans/{id}/progress (p99)",
      "POST /plans/{id}/sessions (p50)", "POST /plans/{id}/sessions (p99)"};

  /** A patient with a running plan, the clinic it belongs to, and the patient's token (signed once, not per call). */
  record Patient(Tenant clinic, PatientId patient, UUID planId, String authorization) {
    static Patient of(Tenant clinic, PatientId patient, UUID planId) {
      return new Patient(clinic, patient, planId, "Bearer " + Tokens.patient(clinic.id(), patient.value()));
    }
  }

  /**
   * Per run, p50 and p99 of each of {@link #CLINIC_MEASURES} in that order; resident MiB of
   * plan-service and progress-service after them; and, where the set has the plans with long
   * histories, per run the figures of {@link #HISTORY_MEASURES} for the week-long plans and the
   * two-year ones, the p50 of each plan's first post, and the progress view's size in bytes.
   */
  record Figures(List<double[]> clinicRuns, double planResidentMiB, double progressResidentMiB,
      List<double[]> weekRuns, List<double[]> yearsRuns, double weekFirstPost, double yearsFirstPost,
      int weekAnswerBytes, int yearsAnswerBytes) {}

  private final PackagedService plan;
  private final PackagedService progress;
  private final Map<PackagedService, String> databases;
  private final ConsumerGroups groups = new ConsumerGroups(TestKafka.clientConfig(BrokerAccess.OPERATOR));
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private ScaleOverHttp(PackagedService plan, String planDatabase, PackagedService progress, String progressDatabase) {
    this.plan = plan;
    this.progress = progress;
    this.databases = Map.of(plan, planDatabase, progress, progressDatabase);
  }

  /** @param set names the services' logs ({@code bench/target/scale-<module>-<set>.log}) */
  static ScaleOverHttp start(int set, String planDatabase, String progressDatabase, String keyDatabase) {
    Map<String, String> settings = Map.of("care.crypto.key-database", keyDatabase, "quarkus.scheduler.enabled", "false");
    PackagedService plan = start("plan-service", set, planDatabase, settings);
    try {
      return new ScaleOverHttp(plan, planDatabase, start("progress-service", set, progressDatabase, settings),
          progressDatabase);
    } catch (RuntimeException e) {
      plan.close();
      throw e;
    }
  }

  private static PackagedService start(String module, int set, String database, Map<String, String> settings) {
    try {
      return PackagedService.start(Path.of(module, "target", "quarkus-app", "quarkus-run.jar"),
          PackagedService.onTestInfra(module, database, settings),
          Path.of("bench/target/scale-" + module + "-" + set + ".log"));
    } catch (Exception e) {
      throw new IllegalStateException(module + " did not start on " + database, e);
    }
  }

  Figures measure(String label, Tenant clinic, List<Patient> probed, List<Patient> weekLong, List<Patient> yearsLong,
      int repetitions) throws Exception {
    String clinician = "Bearer " + Tokens.clinician(clinic.id(), "bench-clinician");
    awaitDrained(); // what the previous set's services left on the topics is not measured here
    List<double[]> clinicRuns = new ArrayList<>();
    for (int run = 0; run <= repetitions; run++) { // the first is a warm-up
      long[][] calls = {
          sample(i -> get(progress, "/clinic/patients-at-risk", clinician)),
          sample(i -> get(plan, "/clinic/plans?status=ACTIVE", clinician)),
          sample(i -> get(plan, "/clinic/red-flags?status=OPEN", clinician)),
          sample(i -> get(plan, "/clinic/work-queue", clinician)),
          sample(i -> get(plan, "/plans/" + probed.get(i % probed.size()).planId(), probed.get(i % probed.size()).authorization())),
          sample(i -> progressOf(probed.get(i % probed.size()))),
          sample(i -> postSession(probed.get(i % probed.size())))};
      double[] figures = new double[calls.length * 2];
      for (int c = 0; c < calls.length; c++) {
        figures[2 * c] = Stats.percentileMillis(calls[c], 50);
        figures[2 * c + 1] = Stats.percentileMillis(calls[c], 99);
      }
      if (run > 0) {
        clinicRuns.add(figures);
        System.out.printf("%s, run %d over HTTP: %s%n", label, run, java.util.Arrays.toString(figures));
      }
    }
    awaitDrained();
    double planMiB = Machine.residentKib(plan.pid()) / 1024.0;
    double progressMiB = Machine.residentKib(progress.pid()) / 1024.0;
    if (weekLong.isEmpty()) {
      return new Figures(clinicRuns, planMiB, progressMiB, List.of(), List.of(), 0, 0, 0, 0);
    }
    int weekBytes = progressOf(weekLong.getFirst()).getBytes(StandardCharsets.UTF_8).length;
    int yearsBytes = progressOf(yearsLong.getFirst()).getBytes(StandardCharsets.UTF_8).length;
    List<long[]> weekReads = new ArrayList<>();
    List<long[]> yearsReads = new ArrayList<>();
    for (int run = 0; run <= repetitions; run++) { // reads first: they leave the histories as written
      long[] week = sample(i -> progressOf(weekLong.get(i % weekLong.size())));
      long[] years = sample(i -> progressOf(yearsLong.get(i % yearsLong.size())));
      if (run > 0) {
        weekReads.add(week);
        yearsReads.add(years);
      }
    }
    // each plan's first post since the service started reads its stream whole; week and years in turn
    long[] weekFirst = new long[weekLong.size()];
    long[] yearsFirst = new long[yearsLong.size()];
    for (int i = 0; i < weekLong.size(); i++) {
      int each = i;
      weekFirst[i] = sample(1, n -> postSession(weekLong.get(each)))[0];
      yearsFirst[i] = sample(1, n -> postSession(yearsLong.get(each)))[0];
    }
    List<double[]> weekRuns = new ArrayList<>();
    List<double[]> yearsRuns = new ArrayList<>();
    for (int run = 0; run <= repetitions; run++) {
      long[] week = sample(i -> postSession(weekLong.get(i % weekLong.size())));
      long[] years = sample(i -> postSession(yearsLong.get(i % yearsLong.size())));
      if (run > 0) {
        weekRuns.add(history(weekReads.get(run - 1), week));
        yearsRuns.add(history(yearsReads.get(run - 1), years));
        System.out.printf("%s, run %d, a week of sessions: %s; two years: %s%n", label, run,
            java.util.Arrays.toString(weekRuns.getLast()), java.util.Arrays.toString(yearsRuns.getLast()));
      }
    }
    awaitDrained();
    return new Figures(clinicRuns, planMiB, progressMiB, weekRuns, yearsRuns, Stats.percentileMillis(weekFirst, 50),
        Stats.percentileMillis(yearsFirst, 50), weekBytes, yearsBytes);
  }

  private static double[] history(long[] reads, long[] posts) {
    return new double[] {Stats.percentileMillis(reads, 50), Stats.percentileMillis(reads, 99),
        Stats.percentileMillis(posts, 50), Stats.percentileMillis(posts, 99)};
  }

  /** Until each service's outbox is published and each of its consumer groups has consumed everything. */
  private void awaitDrained() throws Exception {
    for (var service : List.of(Map.entry("plan-service", plan), Map.entry("progress-service", progress))) {
      for (String group : groups.groups(name -> name.startsWith(service.getKey() + "."))) {
        Backlog.awaitDrained(TestMongo.client().getDatabase(databases.get(service.getValue())),
            TestKafka.bootstrapServers(), group, Duration.ofMinutes(5));
      }
    }
  }

  private String progressOf(Patient patient) throws Exception {
    return get(progress, "/plans/" + patient.planId() + "/progress", patient.authorization());
  }

  private String get(PackagedService service, String path, String authorization) throws Exception {
    return answered(HttpRequest.newBuilder(service.base().resolve(path)).header("Authorization", authorization).GET()
        .build(), 200);
  }

  private String postSession(Patient patient) throws Exception {
    String body = """
        {"sessionId":"%s","performedOn":"%s","exercises":[{"exerciseId":"thoracic-extension","sets":2,"reps":10}],
         "painBefore":5,"painAfter":4}""".formatted(UUID.randomUUID(), LocalDate.now(BERLIN));
    return answered(HttpRequest.newBuilder(progress.base().resolve("/plans/" + patient.planId() + "/sessions"))
        .header("Authorization", patient.authorization()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), 201);
  }

  private String answered(HttpRequest request, int expected) throws Exception {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " answered " + response.statusCode()
          + ": " + response.body());
    }
    return response.body();
  }

  /** A call that can fail, numbered. */
  interface Call {
    Object call(int index) throws Exception;
  }

  private static long[] sample(Call call) throws Exception {
    return sample(SAMPLES, call);
  }

  /** Nanoseconds of each of {@code calls} calls, one after another. */
  static long[] sample(int calls, Call call) throws Exception {
    long[] nanos = new long[calls];
    for (int i = 0; i < calls; i++) {
      long start = System.nanoTime();
      call.call(i);
      nanos[i] = System.nanoTime() - start;
    }
    return nanos;
  }

  @Override
  public void close() {
    http.close();
    groups.close();
    plan.close();
    progress.close();
  }
}
