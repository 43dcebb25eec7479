package care.thoracic.bench;

import care.thoracic.testkit.PackagedService;
import static com.mongodb.client.model.Filters.eq;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.ReminderKind;
import care.thoracic.contracts.events.EventType;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.reminder.domain.PlannedReminder;
import care.thoracic.reminder.domain.ScheduledPlan;
import care.thoracic.reminder.store.Reminders;
import care.thoracic.testkit.TestMongo;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Reminder-service dispatch: reminders fired per second by one, two and four instances of the
 * service as it ships, and the fire delay at a fixed due rate; beside them, in the same run,
 * db-scheduler firing the same number of no-op one-time tasks on its own kind of store (H2 in
 * memory in the benchmark's JVM, as the reminders' store is the embedded Mongo wire server there).
 *
 * <p>Usage: {@code bench/run.sh reminders [repetitions] [burst]}
 */
public final class ReminderBenchmark {
  private static final int[] INSTANCES = {1, 2, 4};
  private static final int FIXED_RATE = 1_000;
  private static final Duration FIXED_SPAN = Duration.ofSeconds(20);
  private static final int PER_PLAN = 100;
  private static final Duration SEED_MARGIN = Duration.ofSeconds(3);
  /** {@code reminders.dispatcher.contended-window}: on (four rounds' worth), and off as it ships (the oldest due). */
  private static final int WINDOW_ON = 4;
  private static final int WINDOW_OFF = 1;

  public static void main(String[] args) {
    Benchmarks.main(() -> run(args));
  }

  private static void run(String[] args) throws Exception {
    int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int burst = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    Path report = Path.of(args.length > 2 ? args[2] : "BENCHMARKS.md");
    Map<Integer, List<Double>> fired = new TreeMap<>();
    Map<Integer, List<Double>> ratio = new TreeMap<>();
    Map<Integer, List<Double>> serviceCpu = new TreeMap<>();
    Map<Integer, List<Double>> storeCpu = new TreeMap<>();
    Map<Integer, List<Double>> duplicates = new TreeMap<>();
    Map<Integer, List<Double>> conflicts = new TreeMap<>();
    Map<Integer, List<Double>> offFired = new TreeMap<>();
    Map<Integer, List<Double>> offServiceCpu = new TreeMap<>();
    Map<Integer, List<Double>> offConflicts = new TreeMap<>();
    Map<Integer, List<Double>> offDuplicates = new TreeMap<>();
    Map<Integer, List<Double>> cpuOnOverOff = new TreeMap<>();
    List<Double> p50 = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    List<Double> referenceBurst = new ArrayList<>();
    List<Double> referenceP50 = new ArrayList<>();
    List<Double> referenceP99 = new ArrayList<>();
    for (int run = 1; run <= repetitions; run++) {
      StringBuilder line = new StringBuilder("run " + run + ":");
      for (int instances : INSTANCES) {
        Burst measured = burst("bench-reminders-" + run + "-x" + instances, instances, burst, WINDOW_ON);
        double rate = measured.rate();
        fired.computeIfAbsent(instances, n -> new ArrayList<>()).add(rate);
        ratio.computeIfAbsent(instances, n -> new ArrayList<>()).add(rate / fired.get(1).getLast());
        serviceCpu.computeIfAbsent(instances, n -> new ArrayList<>()).add(measured.serviceCpuPerThousand());
        storeCpu.computeIfAbsent(instances, n -> new ArrayList<>()).add(measured.storeCpuPerThousand());
        duplicates.computeIfAbsent(instances, n -> new ArrayList<>()).add((double) measured.duplicates());
        conflicts.computeIfAbsent(instances, n -> new ArrayList<>()).add(measured.conflictsPerThousand());
        line.append(String.format(" %d instance(s) %.0f/s (%.2f×), CPU per 1,000 %.2f s services + %.2f s store, "
            + "%d duplicates, %.1f conflicts per 1,000;", instances, rate, ratio.get(instances).getLast(),
            measured.serviceCpuPerThousand(), measured.storeCpuPerThousand(), measured.duplicates(),
            measured.conflictsPerThousand()));
        if (instances > 1) { // the same burst with the window off, in the same run: its A/B
          Burst off = burst("bench-reminders-" + run + "-x" + instances + "-off", instances, burst, WINDOW_OFF);
          offFired.computeIfAbsent(instances, n -> new ArrayList<>()).add(off.rate());
          offServiceCpu.computeIfAbsent(instances, n -> new ArrayList<>()).add(off.serviceCpuPerThousand());
          offConflicts.computeIfAbsent(instances, n -> new ArrayList<>()).add(off.conflictsPerThousand());
          offDuplicates.computeIfAbsent(instances, n -> new ArrayList<>()).add((double) off.duplicates());
          cpuOnOverOff.computeIfAbsent(instances, n -> new ArrayList<>())
              .add(measured.serviceCpuPerThousand() / off.serviceCpuPerThousand());
          line.append(String.format(" window off: %.0f/s, CPU per 1,000 %.2f s services, %d duplicates, %.1f conflicts "
              + "per 1,000;", off.rate(), off.serviceCpuPerThousand(), off.duplicates(), off.conflictsPerThousand()));
        }
      }
      long[] delays = fixedRate("bench-reminders-" + run + "-rate");
      p50.add(Stats.percentileMillis(delays, 50));
      p99.add(Stats.percentileMillis(delays, 99));
      DbScheduler reference = dbScheduler(run, burst);
      referenceBurst.add(reference.burst());
      referenceP50.add(Stats.percentileMillis(reference.delays(), 50));
      referenceP99.add(Stats.percentileMillis(reference.delays(), 99));
      System.out.printf("%s at %d due/s p50 %.1f ms, p99 %.1f ms | db-scheduler %.0f/s; at %d due/s p50 %.1f ms, "
          + "p99 %.1f ms%n", line, FIXED_RATE, p50.getLast(), p99.getLast(), referenceBurst.getLast(), FIXED_RATE,
          referenceP50.getLast(), referenceP99.getLast());
    }
    StringBuilder scaleRows = new StringBuilder();
    for (int instances : INSTANCES) {
      scaleRows.append(String.format("| reminders fired, %d instance%s%s | %,.0f /s | %s |%n", instances,
          instances == 1 ? "" : "s", instances == 1 ? " (goal ≥ 2,000/s)" : "", Stats.median(fired.get(instances)),
          Stats.list(fired.get(instances), "%.0f")));
    }
    perInstanceRows(scaleRows, "CPU per 1,000 reminders, %s: the services", serviceCpu, "%.2f", " s");
    perInstanceRows(scaleRows, "CPU per 1,000 reminders, %s: store and broker", storeCpu, "%.2f", " s");
    perInstanceRows(scaleRows, "claim conflicts per 1,000 reminders, %s", conflicts, "%.1f", "");
    perInstanceRows(scaleRows, "reminders recorded sent twice, %s (goal 0)", duplicates, "%.0f", "");
    for (int instances : INSTANCES) {
      if (instances > 1) {
        scaleRows.append(String.format("| %d instances ÷ one, same run%s | %.2f | %s |%n", instances,
            instances == 2 ? " (goal ≥ 1.7)" : "", Stats.median(ratio.get(instances)), Stats.list(ratio.get(instances), "%.2f")));
      }
    }
    contendedRows(scaleRows, "reminders fired, %s, window off", offFired, "%.0f", " /s");
    contendedRows(scaleRows, "CPU per 1,000 reminders, %s, window off: the services", offServiceCpu, "%.2f", " s");
    contendedRows(scaleRows, "claim conflicts per 1,000 reminders, %s, window off", offConflicts, "%.1f", "");
    contendedRows(scaleRows, "reminders recorded sent twice, %s, window off (goal 0)", offDuplicates, "%.0f", "");
    contendedRows(scaleRows, "CPU per 1,000 reminders, %s: the services, window on ÷ off, same run", cpuOnOverOff,
        "%.2f", "");
    String markdown = """
        ## Reminder dispatch

        What: reminder-service (its packaged jar in its own JVM, `-Xmx512m` and `deploy/service-jvm.options`, dispatcher
        batches of 200, an idle dispatcher sleeping until the next due time, at most 1 s; with
        `reminders.dispatcher.contended-window=4`, one that lost a claim taking its rounds at random from the
        oldest 800 due for a minute; "window off": `=1`, every round the oldest 200, as it ships since
        2026-12-03, the same burst in the same run), on the test
        kit's broker and store in the benchmark's JVM. Burst: %,d reminders (inbox channel, %d per plan) stored as the planner stores
        them, all due at one instant a few seconds ahead; the rate is %,d over the time from that
        instant until the last was marked sent. Each firing claims under a lease, reads the patient's
        preferences, records ReminderSent through the event store (the relay publishes it to
        `care.reminder.v1`) and marks the reminder sent. Two and four instances: as many service
        processes on the same store, started before the reminders are due. CPU per 1,000: the CPU
        time the service processes (all instances together), and the benchmark's JVM holding the
        store and the broker, spent from the due instant until the last was marked sent, per 1,000
        reminders; flat across instance counts means added instances add throughput where they have
        cores of their own. Claim conflicts: reminders a dispatcher chose and another claimed first
        (`care_reminders_claim_conflicts_total` of every instance). Recorded sent twice: ReminderSent
        events in the store beyond one per reminder. Fixed rate: %,d reminders
        due %,d a second for %d s, one instance; the delay of each is from its due time to its being
        marked sent. Reference, same run: db-scheduler 16.7.1 in the benchmark's JVM on H2 in memory
        (its default 10 threads, polling every 100 ms), firing as many no-op one-time tasks, the
        same two ways (delay from execution time to the task running).
        Machine: %s.
        Reproduce: `bench/run.sh reminders %d %d`. Medians of the runs.

        | measure | median | runs |
        |---|---|---|
        %s| fire delay at %,d due/s, p50 | %.1f ms | %s |
        | fire delay at %,d due/s, p99 (goal < 1 s) | %.1f ms | %s |
        | db-scheduler no-op tasks fired | %,.0f /s | %s |
        | db-scheduler delay at %,d due/s, p50 | %.1f ms | %s |
        | db-scheduler delay at %,d due/s, p99 | %.1f ms | %s |
        """.formatted(burst, PER_PLAN, burst, FIXED_RATE * FIXED_SPAN.toSeconds(), FIXED_RATE, FIXED_SPAN.toSeconds(),
        Machine.describe(), repetitions, burst, scaleRows,
        FIXED_RATE, Stats.median(p50), Stats.list(p50, "%.1f"), FIXED_RATE, Stats.median(p99), Stats.list(p99, "%.1f"),
        Stats.median(referenceBurst), Stats.list(referenceBurst, "%.0f"),
        FIXED_RATE, Stats.median(referenceP50), Stats.list(referenceP50, "%.1f"),
        FIXED_RATE, Stats.median(referenceP99), Stats.list(referenceP99, "%.1f"));
    Report.write(report, "reminders", markdown);
    System.out.println(markdown);
  }

  /** A row per instance count: {@code label} naming the count at its {@code %s}, the median and the runs. */
  private static void perInstanceRows(StringBuilder rows, String label, Map<Integer, List<Double>> measured,
      String format, String unit) {
    rowsFor(INSTANCES, rows, label, measured, format, unit);
  }

  /** The same for the instance counts that contend (two and four). */
  private static void contendedRows(StringBuilder rows, String label, Map<Integer, List<Double>> measured,
      String format, String unit) {
    rowsFor(Arrays.stream(INSTANCES).filter(n -> n > 1).toArray(), rows, label, measured, format, unit);
  }

  private static void rowsFor(int[] counts, StringBuilder rows, String label, Map<Integer, List<Double>> measured,
      String format, String unit) {
    for (int instances : counts) {
      rows.append(String.format("| %s | %s%s | %s |%n", label.formatted(instances + (instances == 1 ? " instance"
          : " instances")), String.format(format, Stats.median(measured.get(instances))), unit,
          Stats.list(measured.get(instances), format)));
    }
  }

  /**
   * One burst: reminders per second, CPU seconds per 1,000 reminders (the services; the store and
   * broker), reminders recorded sent more than once, and claim conflicts per 1,000.
   */
  record Burst(double rate, double serviceCpuPerThousand, double storeCpuPerThousand, long duplicates,
      double conflictsPerThousand) {}

  /** {@code count} reminders due at once for {@code instances} service processes. */
  private static Burst burst(String database, int instances, int count, int contendedWindow) throws Exception {
    MongoDatabase store = TestMongo.client().getDatabase(database);
    List<PackagedService> services = startServices(database, instances, contendedWindow);
    try {
      Instant due = Instant.now().plus(seedTime(count)).plus(SEED_MARGIN);
      seed(store, count, i -> due);
      Thread.sleep(Math.max(0, Duration.between(Instant.now(), due).toMillis()));
      long servicesBefore = cpuNanos(services);
      long storeBefore = cpuNanos(ProcessHandle.current());
      List<Instant> sent = awaitSent(store, count, Duration.ofMinutes(10));
      long servicesUsed = cpuNanos(services) - servicesBefore;
      long storeUsed = cpuNanos(ProcessHandle.current()) - storeBefore;
      Instant last = sent.stream().max(Instant::compareTo).orElseThrow();
      if (Instant.now().isBefore(due)) {
        throw new IllegalStateException("fired before due");
      }
      double thousands = count / 1000.0;
      double conflicts = 0;
      for (PackagedService service : services) {
        conflicts += ServiceMetrics.sum(service.management(), "care_reminders_claim_conflicts_total");
      }
      return new Burst(count / (Duration.between(due, last).toNanos() / 1e9), servicesUsed / 1e9 / thousands,
          storeUsed / 1e9 / thousands, recordedSent(store) - count, conflicts / thousands);
    } finally {
      services.parallelStream().forEach(PackagedService::close);
      store.drop(); // the embedded store is this JVM's heap: the next burst must not pay for this one
    }
  }

  private static long cpuNanos(List<PackagedService> services) {
    return services.stream().mapToLong(service -> cpuNanos(ProcessHandle.of(service.pid()).orElseThrow())).sum();
  }

  private static long cpuNanos(ProcessHandle process) {
    return process.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException("no CPU time for "
        + process.pid())).toNanos();
  }

  /** ReminderSent events recorded in the service's store (a reminder recorded twice counts twice). */
  private static long recordedSent(MongoDatabase store) {
    long recorded = 0;
    for (Document commit : store.getCollection(EventStore.COLLECTION).find()
        .projection(Projections.include("events.type"))) {
      for (Document event : commit.getList("events", Document.class)) {
        if (EventType.REMINDER_SENT.ceType().equals(event.getString("type"))) {
          recorded++;
        }
      }
    }
    return recorded;
  }

  /** Fire delays of reminders due {@link #FIXED_RATE} a second, one instance. */
  private static long[] fixedRate(String database) throws Exception {
    MongoDatabase store = TestMongo.client().getDatabase(database);
    int count = (int) (FIXED_RATE * FIXED_SPAN.toSeconds());
    List<PackagedService> services = startServices(database, 1, WINDOW_ON);
    try {
      Instant first = Instant.now().plus(seedTime(count)).plus(SEED_MARGIN);
      long stepNanos = 1_000_000_000L / FIXED_RATE;
      seed(store, count, i -> first.plusNanos(i * stepNanos));
      awaitSent(store, count, Duration.ofMinutes(5));
      long[] delays = new long[count];
      int i = 0;
      for (Document doc : store.getCollection("reminders").find(eq("status", "SENT"))) {
        delays[i++] = Duration.between(doc.getDate("dueAt").toInstant(), doc.getDate("finishedAt").toInstant()).toNanos();
      }
      return delays;
    } finally {
      services.forEach(PackagedService::close);
      store.drop();
    }
  }

  private static List<PackagedService> startServices(String database, int instances, int contendedWindow)
      throws Exception {
    Map<String, String> config = PackagedService.onTestInfra("reminder-service", database,
        Map.of("reminders.planner.every", "1h",
            "reminders.dispatcher.contended-window", String.valueOf(contendedWindow)));
    List<PackagedService> services = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      services.add(PackagedService.start(Path.of("reminder-service/target/quarkus-app/quarkus-run.jar"), config,
          Path.of("bench/target/reminder-service-" + i + ".log")));
    }
    return services;
  }

  /**
   * Seeding runs at about 1,700 upserts a second on the embedded store (its ordered indexes cost
   * writes, as a real MongoDB's do); due times start after it.
   */
  private static Duration seedTime(int count) {
    return Duration.ofMillis(count * 3L / 4);
  }

  interface DueTimes {
    Instant of(int index);
  }

  /** Stores reminders as the planner does, {@link #PER_PLAN} per plan of 10 clinics. */
  private static void seed(MongoDatabase store, int count, DueTimes due) {
    Reminders reminders = new Reminders(store);
    long started = System.nanoTime();
    for (int from = 0; from < count; from += PER_PLAN) {
      Tenant clinic = Tenant.of("clinic-" + from / PER_PLAN % 10);
      UUID planId = UUID.randomUUID();
      ScheduledPlan plan = new ScheduledPlan(planId, PatientId.of("pat-" + from / PER_PLAN), Phase.FOUNDATION,
          LocalDate.now(), LocalDate.now().minusDays(3), ZoneId.of("Europe/Berlin"), null, true, Set.of());
      List<PlannedReminder> planned = new ArrayList<>();
      for (int i = from; i < Math.min(count, from + PER_PLAN); i++) {
        Instant at = due.of(i);
        planned.add(new PlannedReminder(UUID.randomUUID(), planId, ReminderKind.MICRO_BREAK, at,
            at.atZone(ZoneOffset.UTC).toLocalDateTime(), null, List.of("benchmark")));
      }
      reminders.reconcile(clinic, plan, planned, planned.getFirst().dueAt(), planned.getLast().dueAt().plusMillis(1));
    }
    if (Instant.now().isAfter(due.of(0))) {
      throw new IllegalStateException("seeding took " + Duration.ofNanos(System.nanoTime() - started)
          + ", past the first due time: raise the margin");
    }
  }

  /** Waits until {@code count} reminders are sent; their times of being marked sent. */
  private static List<Instant> awaitSent(MongoDatabase store, int count, Duration timeout) throws Exception {
    var reminders = store.getCollection("reminders");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (reminders.countDocuments(eq("status", "SENT")) < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + reminders.countDocuments(eq("status", "SENT")) + " of " + count
            + " reminders sent in " + timeout);
      }
      Thread.sleep(250);
    }
    List<Instant> sent = new ArrayList<>(count);
    for (Document doc : reminders.find(eq("status", "SENT"))) {
      sent.add(doc.getDate("finishedAt").toInstant());
    }
    return sent;
  }

  record DbScheduler(double burst, long[] delays) {}

  /** db-scheduler on H2 in memory: the same burst, and the same fixed rate, as no-op one-time tasks. */
  private static DbScheduler dbScheduler(int run, int burst) throws Exception {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:db-scheduler-" + run + ";DB_CLOSE_DELAY=-1");
    try (Connection connection = dataSource.getConnection(); Statement ddl = connection.createStatement()) {
      ddl.execute("""
          create table scheduled_tasks (
            task_name varchar(100) not null, task_instance varchar(100) not null, task_data blob,
            execution_time timestamp(6) with time zone not null, picked boolean not null,
            picked_by varchar(50), last_success timestamp(6) with time zone,
            last_failure timestamp(6) with time zone, consecutive_failures int,
            last_heartbeat timestamp(6) with time zone, version bigint not null, priority smallint,
            primary key (task_name, task_instance))""");
      ddl.execute("create index execution_time_idx on scheduled_tasks (execution_time)");
      ddl.execute("create index last_heartbeat_idx on scheduled_tasks (last_heartbeat)");
    }
    AtomicInteger executed = new AtomicInteger();
    long[] delays = new long[(int) (FIXED_RATE * FIXED_SPAN.toSeconds())];
    Instant[] lastRun = {Instant.EPOCH};
    boolean[] measuringDelays = {false};
    OneTimeTask<Void> task = Tasks.oneTime("reminder").execute((instance, context) -> {
      Instant now = Instant.now();
      int n = executed.getAndIncrement();
      if (measuringDelays[0] && n < delays.length) {
        delays[n] = Duration.between(context.getExecution().executionTime, now).toNanos();
      }
      synchronized (lastRun) {
        if (now.isAfter(lastRun[0])) {
          lastRun[0] = now;
        }
      }
    });
    Scheduler scheduler = Scheduler.create(dataSource, task).pollingInterval(Duration.ofMillis(100)).build();
    scheduler.start();
    try {
      Instant due = Instant.now().plus(seedTime(burst)).plus(SEED_MARGIN);
      for (int i = 0; i < burst; i++) {
        scheduler.schedule(task.instance("burst-" + i), due);
      }
      requireBefore(due);
      awaitExecuted(executed, burst);
      double burstRate = burst / (Duration.between(due, lastRun[0]).toNanos() / 1e9);
      executed.set(0);
      measuringDelays[0] = true;
      Instant first = Instant.now().plus(Duration.ofSeconds(15));
      long stepNanos = 1_000_000_000L / FIXED_RATE;
      for (int i = 0; i < delays.length; i++) {
        scheduler.schedule(task.instance("rate-" + i), first.plusNanos(i * stepNanos));
      }
      requireBefore(first);
      awaitExecuted(executed, delays.length);
      return new DbScheduler(burstRate, delays);
    } finally {
      scheduler.stop();
    }
  }

  private static void requireBefore(Instant due) {
    if (Instant.now().isAfter(due)) {
      throw new IllegalStateException("scheduling took past the first due time: raise the margin");
    }
  }

  private static void awaitExecuted(AtomicInteger executed, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (executed.get() < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("db-scheduler ran " + executed.get() + " of " + count);
      }
      Thread.sleep(100);
    }
  }
}
