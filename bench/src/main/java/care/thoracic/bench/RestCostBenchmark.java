package care.thoracic.bench;

import care.thoracic.testkit.PackagedService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each service costs at rest, in JVM mode as it ships: the time from launching its packaged
 * jar to {@code /q/health/ready} answering UP (on the embedded broker and store, already running),
 * and its resident memory after 10 s idle. One service at a time, so none competes for the cores.
 */
public final class RestCostBenchmark {
  private static final List<String> SERVICES = List.of("triage-service", "plan-service", "progress-service",
      "reminder-service");
  private static final long IDLE_MILLIS = 10_000;

  private RestCostBenchmark() {}

  public static void main(String[] args) {
    Benchmarks.main(() -> run(args));
  }

  private static void run(String[] args) throws Exception {
    int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    Path report = Path.of(args.length > 1 ? args[1] : "BENCHMARKS.md");
    Map<String, List<Double>> ready = new LinkedHashMap<>();
    Map<String, List<Double>> rss = new LinkedHashMap<>();
    for (int run = 1; run <= repetitions; run++) {
      for (String service : SERVICES) {
        Map<String, String> config = PackagedService.onTestInfra(service, "bench-rest-" + service, Map.of());
        long started = System.nanoTime();
        try (PackagedService packaged = PackagedService.start(
            Path.of(service, "target", "quarkus-app", "quarkus-run.jar"), config, Path.of("bench/target/" + service + ".log"))) {
          double seconds = (System.nanoTime() - started) / 1e9;
          Thread.sleep(IDLE_MILLIS); // idle: start-up garbage collected, consumers polling
          double mebibytes = Machine.residentKib(packaged.pid()) / 1024.0;
          ready.computeIfAbsent(service, s -> new ArrayList<>()).add(seconds);
          rss.computeIfAbsent(service, s -> new ArrayList<>()).add(mebibytes);
          System.out.printf("run %d %s: ready in %.2f s, %.0f MiB resident%n", run, service, seconds, mebibytes);
        }
      }
    }
    StringBuilder table = new StringBuilder("| service | ready (median) | runs | resident after 10 s idle (median) | runs |\n"
        + "|---|---|---|---|---|\n");
    for (String service : SERVICES) {
      table.append(String.format("| %s | %.1f s | %s | %.0f MiB | %s |%n", service, Stats.median(ready.get(service)),
          Stats.list(ready.get(service), "%.1f"), Stats.median(rss.get(service)), Stats.list(rss.get(service), "%.0f")));
    }
    Report.write(report, "rest", """
        ## Cost at rest

        `bench/run.sh rest [repetitions]`. Machine: %s.

        Each service's packaged jar in JVM mode as `./care up` runs it (`java -Xmx512m`, the options
        of `deploy/service-jvm.options` and the ahead-of-time cache its build made, `-XX:AOTCache`),
        started alone on the embedded Kafka broker and Mongo wire server that run in the
        benchmark's JVM: time from launching the JVM to `/q/health/ready` answering UP (Kafka and
        MongoDB connected, consumers subscribed; polled every 200 ms), and resident memory (`VmRSS`)
        after 10 s idle. Medians of %d runs.

        %s
        """.formatted(Machine.describe(), repetitions, table));
  }
}
