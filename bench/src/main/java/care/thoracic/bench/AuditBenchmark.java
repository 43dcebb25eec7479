package care.thoracic.bench;

import care.thoracic.testkit.PackagedService;
import care.thoracic.testkit.TestMongo;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * The cost of the access audit: {@code GET /plans/{id}/progress} per second from progress-service
 * with the audit on (every answer waits until its access record is committed), with the audit on and
 * answers leaving ahead of their records (a stated bound on what a crash loses), and with it off, all
 * three running at once on one store, measured in alternation in one run.
 *
 * <p>Usage: {@code bench/run.sh audit [repetitions]}
 */
public final class AuditBenchmark {
  private static final int PLANS = 200;
  private static final int CONNECTIONS = 16;
  private static final Duration MEASURE = Duration.ofSeconds(20);
  /** care.audit.answer-ahead of the third instance: the records of at most this many answers may be lost. */
  private static final int AHEAD = 64;

  public static void main(String[] args) {
    Benchmarks.main(() -> run(args));
  }

  private static void run(String[] args) throws Exception {
    int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    Path report = Path.of(args.length > 1 ? args[1] : "BENCHMARKS.md");
    String database = "bench-audit";
    MongoDatabase store = TestMongo.client().getDatabase(database);
    Path work = Files.createDirectories(Path.of("bench/target/audit"));
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Path jar = Path.of("progress-service/target/quarkus-app/quarkus-run.jar");
    List<Double> plain = new ArrayList<>();
    List<Double> audited = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    List<Double> plainP99 = new ArrayList<>();
    List<Double> auditedP99 = new ArrayList<>();
    List<Double> ahead = new ArrayList<>();
    List<Double> aheadRatios = new ArrayList<>();
    List<Double> aheadP99 = new ArrayList<>();
    long recordedBefore;
    long answeredAudited = 0;
    try (PackagedService withAudit = PackagedService.start(jar, PackagedService.onTestInfra("progress-service",
            database, Map.of()), Path.of("bench/target/progress-audited.log"));
        PackagedService withoutAudit = PackagedService.start(jar, PackagedService.onTestInfra("progress-service",
            database, Map.of("care.audit.enabled", "false")), Path.of("bench/target/progress-unaudited.log"));
        PackagedService answeringAhead = PackagedService.start(jar, PackagedService.onTestInfra("progress-service",
            database, Map.of("care.audit.answer-ahead", Integer.toString(AHEAD))),
            Path.of("bench/target/progress-audited-ahead.log"))) {
      List<ProgressBenchmark.Plan> plans = ProgressBenchmark.startPlans(withAudit.base(), http, "audit", PLANS);
      Path script = readScript(work, plans);
      for (int round = 0; round < 3; round++) { // the JIT's warm-up, for both
        HttpLoad.closedLoop(withoutAudit.base(), CONNECTIONS, Duration.ofSeconds(15), script, false);
        HttpLoad.closedLoop(withAudit.base(), CONNECTIONS, Duration.ofSeconds(15), script, false);
        HttpLoad.closedLoop(answeringAhead.base(), CONNECTIONS, Duration.ofSeconds(15), script, false);
      }
      recordedBefore = accessRecords(store);
      for (int run = 1; run <= repetitions; run++) {
        HttpLoad.ClosedLoop off = HttpLoad.closedLoop(withoutAudit.base(), CONNECTIONS, MEASURE, script, false);
        HttpLoad.ClosedLoop on = HttpLoad.closedLoop(withAudit.base(), CONNECTIONS, MEASURE, script, false);
        HttpLoad.ClosedLoop early = HttpLoad.closedLoop(answeringAhead.base(), CONNECTIONS, MEASURE, script, false);
        answeredAudited += on.requests() + early.requests();
        ahead.add(early.perSecond());
        aheadRatios.add(early.perSecond() / off.perSecond());
        aheadP99.add(early.p99Millis());
        plain.add(off.perSecond());
        audited.add(on.perSecond());
        ratios.add(on.perSecond() / off.perSecond());
        plainP99.add(off.p99Millis());
        auditedP99.add(on.p99Millis());
        System.out.printf("run %d: %.0f GET/s without audit (p99 %.1f ms), %.0f GET/s with (p99 %.1f ms): %.3f, "
            + "%.0f GET/s answering ahead (p99 %.1f ms): %.3f%n", run, off.perSecond(), off.p99Millis(),
            on.perSecond(), on.p99Millis(), ratios.getLast(), early.perSecond(), early.p99Millis(),
            aheadRatios.getLast());
      }
    }
    long recorded = accessRecords(store) - recordedBefore;
    // wrk counts the answers it received; a request in flight when it stopped was recorded too
    if (recorded < answeredAudited || recorded > answeredAudited + 2L * CONNECTIONS * repetitions) {
      throw new IllegalStateException(answeredAudited + " audited answers but " + recorded + " access records");
    }
    String markdown = """
        ## Access audit

        What: the price of recording every access. Three progress-service instances as they ship (packaged
        jars, each in its own JVM, `-Xmx512m` and `deploy/service-jvm.options`) on the test kit's broker and one store, one with the
        audit on (the default), one with `care.audit.answer-ahead=%d` and one with
        `care.audit.enabled=false`; `wrk` with %d connections reads `GET /plans/{id}/progress` back to
        back for %d s, round robin over %d plans, each with its patient's RS256 token, from the
        instance without audit, then the one with it, then the one answering ahead, in each run. With
        the audit, an answer waits until its access record is committed to the service's store (group
        commit: the writers take whatever requests are waiting and write one commit per clinic), from
        where the outbox relay publishes it on `care.audit.v1`. Answering ahead, up to %d answers leave
        before their records are committed (beyond that they wait): a crash or an outage of the store
        loses the records of at most %d answers. The records the audited instances committed during
        the measured runs (%,d) were checked against their answers (%,d).
        Machine: %s.
        Reproduce: `bench/run.sh audit %d`. Medians of the runs, after 135 s of unrecorded warm-up.

        | measure | median | runs |
        |---|---|---|
        | GET /progress without audit | %,.0f /s | %s |
        | GET /progress with audit | %,.0f /s | %s |
        | with audit ÷ without, same run (goal ≥ 0.90) | %.3f | %s |
        | p99 without audit | %.1f ms | %s |
        | p99 with audit | %.1f ms | %s |
        | GET /progress with audit, answering ahead (≤ %d) | %,.0f /s | %s |
        | answering ahead ÷ without, same run (goal ≥ 0.90) | %.3f | %s |
        | p99 answering ahead | %.1f ms | %s |
        """.formatted(AHEAD, CONNECTIONS, MEASURE.toSeconds(), PLANS, AHEAD, AHEAD, recorded, answeredAudited,
        Machine.describe(),
        repetitions, Stats.median(plain), Stats.list(plain, "%.0f"), Stats.median(audited),
        Stats.list(audited, "%.0f"), Stats.median(ratios), Stats.list(ratios, "%.3f"), Stats.median(plainP99),
        Stats.list(plainP99, "%.1f"), Stats.median(auditedP99), Stats.list(auditedP99, "%.1f"), AHEAD,
        Stats.median(ahead), Stats.list(ahead, "%.0f"), Stats.median(aheadRatios), Stats.list(aheadRatios, "%.3f"),
        Stats.median(aheadP99), Stats.list(aheadP99, "%.1f"));
    Report.write(report, "audit", markdown);
    System.out.println(markdown);
  }

  private static Path readScript(Path work, List<ProgressBenchmark.Plan> plans) throws Exception {
    StringBuilder lua = new StringBuilder("local plans = {\n");
    for (ProgressBenchmark.Plan plan : plans) {
      lua.append("  {\"/plans/").append(plan.planId()).append("/progress\", \"").append(plan.authorization())
          .append("\"},\n");
    }
    lua.append("""
        }
        local sent = 0
        request = function()
          sent = sent + 1
          local plan = plans[sent % #plans + 1]
          return wrk.format("GET", plan[1], {["Authorization"] = plan[2]})
        end
        """);
    return Files.writeString(work.resolve("read.lua"), lua.toString());
  }

  /** Access records in the store: events of the access streams' commits. */
  private static long accessRecords(MongoDatabase store) {
    long records = 0;
    for (Document commit : store.getCollection("event_commits").find(Filters.regex("streamId", "^access-"))
        .projection(new Document("events.eventId", 1))) {
      records += commit.getList("events", Document.class).size();
    }
    return records;
  }
}
