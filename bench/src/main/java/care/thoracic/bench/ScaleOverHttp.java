package care.thoracic.bench;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.testkit.PackagedService;
import care.thoracic.testkit.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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
  static final String[] HISTORY_MEASURES = {"GET /plans/{id}/progress", "POST /plans/{id}/sessions",
      "POST /plans/{id}/sessions, the plan's first since the service started"};

  /** A patient with a running plan, and the clinic it belongs to. */
  record Patient(Tenant clinic, PatientId patient, UUID planId) {
    String authorization() {
      return "Bearer " + Tokens.patient(clinic.id(), patient.value());
    }
  }

  /**
   * Per run: p50 and p99 of each of {@link #CLINIC_MEASURES}, in that order; then, where the set has
   * the plans with long histories, p50 and p99 of {@link #HISTORY_MEASURES} for the week-long plans
   * and the two-year ones (the first-post measure once, the warm-up's). Resident MiB of plan-service
   * and progress-service after the runs.
   */
  record Figures(List<double[]> clinicRuns, List<double[]> weekRuns, List<double[]> yearsRuns,
      double planResidentMiB, double progressResidentMiB, int weekAnswerBytes, int yearsAnswerBytes) {}

  private final PackagedService plan;
  private final PackagedService progress;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private ScaleOverHttp(PackagedService plan, PackagedService progress) {
    this.plan = plan;
    this.progress = progress;
  }

  static ScaleOverHttp start(String planDatabase, String progressDatabase, String keyDatabase) {
    Map<String, String> settings = Map.of("care.crypto.key-database", keyDatabase, "quarkus.scheduler.enabled", "false");
    PackagedService plan = start("plan-service", planDatabase, settings);
    try {
      return new ScaleOverHttp(plan, start("progress-service", progressDatabase, settings));
    } catch (RuntimeException e) {
      plan.close();
      throw e;
    }
  }

  private static PackagedService start(String module, String database, Map<String, String> settings) {
    try {
      return PackagedService.start(Path.of(module, "target", "quarkus-app", "quarkus-run.jar"),
          PackagedService.onTestInfra(module, database, settings), Path.of("bench/target/scale-" + module + ".log"));
    } catch (Exception e) {
      throw new IllegalStateException(module + " did not start on " + database, e);
    }
  }

  Figures measure(String label, Tenant clinic, List<Patient> probed, List<Patient> weekLong, List<Patient> yearsLong,
      int repetitions) throws Exception {
    String clinician = "Bearer " + Tokens.clinician(clinic.id(), "bench-clinician");
    List<double[]> clinicRuns = new ArrayList<>();
    List<double[]> weekRuns = new ArrayList<>();
    List<double[]> yearsRuns = new ArrayList<>();
    double[] firstPosts = new double[2];
    for (int run = 0; run <= repetitions; run++) { // the first is a warm-up
      long[][] calls = {
          sample(i -> get(progress, "/clinic/patients-at-risk", clinician)),
          sample(i -> get(plan, "/clinic/plans?status=ACTIVE", clinician)),
          sample(i -> get(plan, "/clinic/red-flags?status=OPEN", clinician)),
          sample(i -> get(plan, "/clinic/work-queue", clinician)),
          sample(i -> get(plan, "/plans/" + probed.get(i % probed.size()).planId(), probed.get(i % probed.size()).authorization())),
          sample(i -> get(progress, "/plans/" + probed.get(i % probed.size()).planId() + "/progress",
              probed.get(i % probed.size()).authorization())),
          sample(i -> postSession(probed.get(i % probed.size())))};
      double[] figures = new double[calls.length * 2];
      for (int c = 0; c < calls.length; c++) {
        figures[2 * c] = Stats.percentileMillis(calls[c], 50);
        figures[2 * c + 1] = Stats.percentileMillis(calls[c], 99);
      }
      if (!weekLong.isEmpty()) {
        if (run == 0) { // each plan's first post reads its whole stream; later ones only what came after
          firstPosts[0] = Stats.percentileMillis(sample(weekLong.size(), i -> postSession(weekLong.get(i))), 50);
          firstPosts[1] = Stats.percentileMillis(sample(yearsLong.size(), i -> postSession(yearsLong.get(i))), 50);
        }
        double[] week = history(weekLong, firstPosts[0]);
        double[] years = history(yearsLong, firstPosts[1]);
        if (run > 0) {
          weekRuns.add(week);
          yearsRuns.add(years);
          System.out.printf("%s, run %d, a week of sessions: %s; two years: %s%n", label, run,
              java.util.Arrays.toString(week), java.util.Arrays.toString(years));
        }
      }
      if (run > 0) {
        clinicRuns.add(figures);
        System.out.printf("%s, run %d over HTTP: %s%n", label, run, java.util.Arrays.toString(figures));
      }
    }
    int weekBytes = weekLong.isEmpty() ? 0 : progressOf(weekLong.getFirst()).length();
    int yearsBytes = yearsLong.isEmpty() ? 0 : progressOf(yearsLong.getFirst()).length();
    return new Figures(clinicRuns, weekRuns, yearsRuns, Machine.residentKib(plan.pid()) / 1024.0,
        Machine.residentKib(progress.pid()) / 1024.0, weekBytes, yearsBytes);
  }

  /** p50 and p99 of the progress view and of a post, round robin over the plans; then the first post's p50. */
  private double[] history(List<Patient> plans, double firstPost) throws Exception {
    long[] reads = sample(i -> progressOf(plans.get(i % plans.size())));
    long[] posts = sample(i -> postSession(plans.get(i % plans.size())));
    return new double[] {Stats.percentileMillis(reads, 50), Stats.percentileMillis(reads, 99),
        Stats.percentileMillis(posts, 50), Stats.percentileMillis(posts, 99), firstPost};
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
  private interface Call {
    Object call(int index) throws Exception;
  }

  private static long[] sample(Call call) throws Exception {
    return sample(SAMPLES, call);
  }

  private static long[] sample(int calls, Call call) throws Exception {
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
    plan.close();
    progress.close();
  }
}
