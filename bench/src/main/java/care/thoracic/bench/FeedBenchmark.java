package care.thoracic.bench;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.Channel;
import care.thoracic.contracts.clinical.ReminderKind;
import care.thoracic.contracts.cloudevents.CloudEventCodec;
import care.thoracic.contracts.events.ReminderSent;
import care.thoracic.testkit.PackagedService;
import care.thoracic.testkit.TestEvents;
import care.thoracic.testkit.TestKafka;
import care.thoracic.testkit.TestMongo;
import care.thoracic.testkit.Tokens;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reminder-service's patient feed: the memory one open feed stream costs with 10,000 of them open
 * on one instance, and the latency from an event on Kafka to its entry on the patient's stream at a
 * steady rate (every patient's ids checked: in order, no gap, no duplicate); then, on the same
 * service, pushes per second through its Web Push dispatcher ({@link FeedPushes}). With
 * {@code -Dbench.feed.pushes-only=true} (e.g. in {@code JAVA_TOOL_OPTIONS}) only the pushes are
 * measured, printed and not written to the report: a trial.
 *
 * <p>Usage: {@code bench/run.sh feed [repetitions] [events per second]}
 */
public final class FeedBenchmark {
  private static final int STREAMS = 10_000;
  private static final int CLINICS = 10;
  private static final int WARM_UP_STREAMS = 1_000;
  private static final Duration SPAN = Duration.ofSeconds(60);
  private static final Duration IDLE = Duration.ofSeconds(30); // two heartbeats (every 15 s)
  private static final Duration SETTLE = Duration.ofSeconds(5);

  public static void main(String[] args) {
    Benchmarks.main(() -> run(args));
  }

  private static void run(String[] args) throws Exception {
    int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    Path report = Path.of(args.length > 2 ? args[2] : "BENCHMARKS.md");
    List<Double> rssPerStream = new ArrayList<>();
    List<Double> heapPerStream = new ArrayList<>();
    List<Double> opened = new ArrayList<>();
    List<Double> idleBefore = new ArrayList<>();
    List<Double> idleOpen = new ArrayList<>();
    List<Double> storeIdleBefore = new ArrayList<>();
    List<Double> storeIdleOpen = new ArrayList<>();
    List<Double> achieved = new ArrayList<>();
    List<Double> arrived = new ArrayList<>();
    List<Double> p50 = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    List<Double> max = new ArrayList<>();
    List<String> absolute = new ArrayList<>();
    if (Boolean.getBoolean("bench.feed.pushes-only")) {
      for (int run = 1; run <= repetitions; run++) {
        oneRun(run, rate); // prints each burst's figures
      }
      return;
    }
    List<List<FeedPushes.Result>> pushes = new ArrayList<>();
    for (int run = 1; run <= repetitions; run++) {
      Run result = oneRun(run, rate);
      pushes.add(result.pushes());
      rssPerStream.add(result.rssPerStreamKib());
      heapPerStream.add(result.heapPerStreamKib());
      opened.add(result.openSeconds());
      idleBefore.add(result.idleCpuBefore().service());
      idleOpen.add(result.idleCpuOpen().service());
      storeIdleBefore.add(result.idleCpuBefore().benchmark());
      storeIdleOpen.add(result.idleCpuOpen().benchmark());
      achieved.add(result.sendRate());
      arrived.add(result.arrivalRate());
      p50.add(Stats.percentileMillis(result.latencies(), 50));
      p99.add(Stats.percentileMillis(result.latencies(), 99));
      max.add(Stats.percentileMillis(result.latencies(), 100));
      absolute.add(result.absolute());
      System.out.printf("%s; per stream %.1f KiB resident, %.1f KiB heap; %d opened in %.1f s; idle CPU "
          + "service %.1f%% -> %.1f%%, broker+store %.1f%% -> %.1f%% of a core; %.0f events/s sent, %.0f/s arrived, "
          + "Kafka to stream p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          result.absolute(), rssPerStream.getLast(), heapPerStream.getLast(), STREAMS, opened.getLast(),
          idleBefore.getLast(), idleOpen.getLast(), storeIdleBefore.getLast(), storeIdleOpen.getLast(),
          achieved.getLast(), arrived.getLast(), p50.getLast(), p99.getLast(), max.getLast());
    }
    long events = rate * SPAN.toSeconds();
    StringBuilder pushRows = new StringBuilder();
    List<String> pushReadings = new ArrayList<>();
    for (int burst = 0; burst < pushes.getFirst().size(); burst++) {
      int b = burst;
      List<FeedPushes.Result> each = pushes.stream().map(results -> results.get(b)).toList();
      String receiver = each.getFirst().receiver();
      pushRow(pushRows, "pushes received, first to last arrival, " + receiver, each, r -> r.pushRate(), "%,.0f /s");
      pushRow(pushRows, "pushes received, first arrival to the 99th percentile's, " + receiver, each,
          r -> r.bulkRate(), "%,.0f /s");
      pushRow(pushRows, "pushes received, first send to last arrival, " + receiver, each, r -> r.endToEndRate(),
          "%,.0f /s");
      pushRow(pushRows, "Kafka send to push at the receiver, p50, " + receiver, each, r -> r.p(50), "%,.0f ms");
      pushRow(pushRows, "Kafka send to push at the receiver, p99, " + receiver, each, r -> r.p(99), "%,.0f ms");
      pushRow(pushRows, "service CPU during the burst, " + receiver, each, r -> r.serviceCpu(), "%.0f %% of a core");
      pushRow(pushRows, "benchmark JVM CPU (broker, store, receiver) during the burst, " + receiver, each,
          r -> r.benchmarkCpu(), "%.0f %% of a core");
      for (int run = 0; run < each.size(); run++) {
        pushReadings.add("run " + (run + 1) + ", " + each.get(run).line());
      }
    }
    String markdown = """
        ## Patient feed

        What: reminder-service as it ships (its packaged jar in its own JVM, `-Xmx512m` and `deploy/service-jvm.options`),
        on the test kit's broker and store in the benchmark's JVM; each run starts the service on a
        fresh database. Warm-up in each run: %,d streams opened, an entry sent to each, closed. Then
        %,d patients of %d clinics each open one `GET /patients/{id}/feed/stream` (their own token,
        HTTP/1.1, one connection each, all read by one selector thread in the benchmark, which parses
        the `id:` lines). Memory: the service's resident memory (`VmRSS` from `/proc`) and its heap in
        use (`jvm_memory_used_bytes{area="heap"}` from `/q/metrics`), both read %d s after the last
        stream opened and right after a full collection (`jcmd <pid> GC.run`), minus the same readings
        before the streams were opened, divided by %,d. Idle CPU: the service's user+system time over
        %d s with no events (the feed's heartbeat runs every 15 s), before and with the streams open.
        Latency: %,d `ReminderSent` (channel INBOX) put on `care.reminder.v1` as reminder-service's
        relay would, at %,d a second for %d s, round-robin over the %,d patients (so every stream gets
        one or more); from just before the send to the arrival of the entry's `id:` line on the
        patient's stream; every patient's ids checked to arrive 1, 2, ... with no gap and no duplicate.
        Machine: %s.
        Reproduce: `bench/run.sh feed %d %d`. Medians of the runs.

        | measure | median | runs |
        |---|---|---|
        | resident memory per open stream | %.1f KiB | %s |
        | heap in use per open stream (after a full GC) | %.1f KiB | %s |
        | time to open the %,d streams (connect to the last stream's headers) | %.1f s | %s |
        | service CPU, idle, no streams | %.1f %% of a core | %s |
        | service CPU, idle, %,d streams open | %.1f %% of a core | %s |
        | broker + store + stream reader CPU (benchmark JVM), idle, no streams | %.1f %% of a core | %s |
        | broker + store + stream reader CPU (benchmark JVM), idle, %,d streams open | %.1f %% of a core | %s |
        | events sent to Kafka (target %,d /s) | %,.0f /s | %s |
        | entries arrived on the streams, first send to last arrival | %,.0f /s | %s |
        | Kafka send to entry on the stream, p50 | %.1f ms | %s |
        | Kafka send to entry on the stream, p99 | %.1f ms | %s |
        | Kafka send to entry on the stream, max | %.1f ms | %s |
        %s
        Readings per run (before → with the streams open): %s.

        Pushes, after the streams are closed, on the same service (started with
        `reminders.push.allow-http-endpoints=true` and `reminders.webhook.allow-internal-networks=true`
        for the plain-http receivers on 127.0.0.1; the push settings otherwise as shipped: dispatcher
        batch %s, poll %s, concurrency %s, %s pushes per device and hour at most): %,d new patients
        each register one device (`PUT /patients/{id}/push-subscriptions`, their own token, a
        browser's PushSubscription JSON), whose endpoint is a receiver in the benchmark's JVM; then
        %,d `ReminderSent` (INBOX) per patient, %,d in all, go onto `care.reminder.v1` in one burst
        as the relay would put them (round after round over the patients). Pushes/s: the pushes over
        the time from the first push's arrival to the last's (and, leaving out the last 1 %%, to the
        arrival of the 99th percentile's), and over the time from the first send to the last arrival.
        Latency: from just before the event's send to the push's arrival. Twice per run, on fresh
        patients each time: first to a counting receiver (JDK `HttpServer` on virtual threads,
        answers 201, decrypts nothing; a device gets its pushes one at a time in feed order, so its
        n-th arrival is its entry n, and each endpoint is checked to get exactly %d), then to
        the test kit's `PushServiceStandIn`, which checks each push's VAPID token (ES256 signature,
        audience, expiry), TTL, Urgency, Topic and encoding, and decrypts its payload (RFC 8291) with
        its own code, all in the benchmark's JVM; each (entry, device) is checked, by the decrypted
        payload's patient and sequence, to arrive exactly once. CPU: user+system time from the first
        send to the last arrival, in percent of one core.

        Push readings per run: %s.
        """.formatted(WARM_UP_STREAMS, STREAMS, CLINICS, SETTLE.toSeconds(), STREAMS, IDLE.toSeconds(), events, rate,
        SPAN.toSeconds(), STREAMS, Machine.describe(), repetitions, rate,
        Stats.median(rssPerStream), Stats.list(rssPerStream, "%.1f"),
        Stats.median(heapPerStream), Stats.list(heapPerStream, "%.1f"),
        STREAMS, Stats.median(opened), Stats.list(opened, "%.1f"),
        Stats.median(idleBefore), Stats.list(idleBefore, "%.1f"),
        STREAMS, Stats.median(idleOpen), Stats.list(idleOpen, "%.1f"),
        Stats.median(storeIdleBefore), Stats.list(storeIdleBefore, "%.1f"),
        STREAMS, Stats.median(storeIdleOpen), Stats.list(storeIdleOpen, "%.1f"),
        rate, Stats.median(achieved), Stats.list(achieved, "%.0f"),
        Stats.median(arrived), Stats.list(arrived, "%.0f"),
        Stats.median(p50), Stats.list(p50, "%.1f"), Stats.median(p99), Stats.list(p99, "%.1f"),
        Stats.median(max), Stats.list(max, "%.1f"), pushRows, String.join("; ", absolute),
        shipped("reminders.push.batch"), shipped("reminders.push.poll"), shipped("reminders.push.concurrency"),
        shipped("reminders.push.max-per-device-per-hour"), FeedPushes.DEVICES, FeedPushes.PER_DEVICE,
        FeedPushes.DEVICES * FeedPushes.PER_DEVICE, FeedPushes.PER_DEVICE, String.join("; ", pushReadings));
    Report.write(report, "feed", markdown);
    System.out.println(markdown);
  }

  /** A setting as reminder-service ships it (its application.properties), for the report. */
  private static String shipped(String key) throws java.io.IOException {
    java.util.Properties shipped = new java.util.Properties();
    try (var in = Files.newBufferedReader(Path.of("reminder-service/src/main/resources/application.properties"))) {
      shipped.load(in);
    }
    return shipped.getProperty(key, "?");
  }

  private static void pushRow(StringBuilder rows, String measure, List<FeedPushes.Result> each,
      java.util.function.ToDoubleFunction<FeedPushes.Result> figure, String format) {
    List<Double> values = each.stream().map(figure::applyAsDouble).toList();
    rows.append("| ").append(measure).append(" | ").append(String.format(format, Stats.median(values)))
        .append(" | ").append(Stats.list(values, format.substring(0, format.indexOf('f') + 1).replace(",", "")))
        .append(" |\n");
  }

  /** One run's figures; latencies in nanoseconds. */
  record Run(double rssPerStreamKib, double heapPerStreamKib, double openSeconds, Idle idleCpuBefore,
      Idle idleCpuOpen, double sendRate, double arrivalRate, long[] latencies, String absolute,
      List<FeedPushes.Result> pushes) {}

  /** A patient with a stream: where it is and whose token opens it. */
  record Patient(String clinic, String id, String token) {
    String path() {
      return "/patients/" + id + "/feed/stream";
    }
  }

  private static Run oneRun(int run, int rate) throws Exception {
    String database = "bench-feed-" + run;
    List<Patient> warmUp = patients("w" + run, WARM_UP_STREAMS);
    List<Patient> patients = patients("r" + run, STREAMS); // signed before the service starts: the apps hold them
    // the push receivers are plain http on 127.0.0.1, as the tests' are
    Map<String, String> config = PackagedService.onTestInfra("reminder-service", database, Map.of(
        "reminders.push.allow-http-endpoints", "true", "reminders.webhook.allow-internal-networks", "true"));
    try (PackagedService service = PackagedService.start(
        Path.of("reminder-service/target/quarkus-app/quarkus-run.jar"), config,
        Path.of("bench/target/reminder-service-feed.log"));
        KafkaProducer<String, byte[]> producer = producer()) {
      if (Boolean.getBoolean("bench.feed.pushes-only")) { // a trial of the push measure alone; no report
        return new Run(0, 0, 0, null, null, 0, 0, new long[1], "pushes only",
            FeedPushes.run(run, service, database, producer));
      }
      warmUp(service.base(), producer, warmUp);
      Thread.sleep(SETTLE.toMillis()); // the warm-up's streams closed and released
      String loadBefore = load();
      Idle idleBefore = idleCpu(service.pid());
      Memory before = memory(service);

      long[] seen = new long[STREAMS];
      AtomicLongArray sentAt = new AtomicLongArray(rate * (int) SPAN.toSeconds());
      long[] latencies = new long[sentAt.length()];
      long[] latencyByEvent = new long[sentAt.length()]; // for the timeline printed to the console
      AtomicLong lastArrival = new AtomicLong();
      AtomicInteger received = new AtomicInteger();
      List<String> disorder = new CopyOnWriteArrayList<>();
      SseSubscriptions.Listener listener = (index, id, now) -> { // the reader thread alone writes seen and latencies
        if (id != seen[index] + 1) {
          disorder.add("patient " + patients.get(index).id() + " got " + id + " after " + seen[index]);
        }
        seen[index] = id;
        long event = (id - 1) * STREAMS + index;
        int n = received.getAndIncrement();
        if (event < sentAt.length() && n < latencies.length) {
          latencies[n] = now - sentAt.get((int) event);
          latencyByEvent[(int) event] = latencies[n];
        }
        lastArrival.set(now);
      };
      long openStart = System.nanoTime();
      Run streamed;
      try (SseSubscriptions streams = new SseSubscriptions(service.base(), requests(patients), listener)) {
        streams.awaitOpen(Duration.ofMinutes(5));
        double openSeconds = (System.nanoTime() - openStart) / 1e9;
        Thread.sleep(SETTLE.toMillis());
        Memory open = memory(service);
        String loadOpen = load();
        Idle idleOpen = idleCpu(service.pid());
        if (streams.failure() != null) {
          throw new IllegalStateException(streams.failure());
        }

        long start = System.nanoTime();
        int total = sentAt.length();
        for (int j = 0; j < total; j++) {
          long due = start + (long) (j * 1e9 / rate);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
          Patient patient = patients.get(j % STREAMS);
          EventEnvelope<ReminderSent> envelope = reminderSent(patient);
          sentAt.set(j, System.nanoTime());
          producer.send(record(envelope));
        }
        producer.flush();
        double sendRate = total / ((System.nanoTime() - start) / 1e9);
        String loadWhileSending = load();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (received.get() < total && streams.failure() == null && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        Thread.sleep(1_000); // anything more (a duplicate) would arrive now
        long[] expected = new long[STREAMS];
        for (int j = 0; j < total; j++) {
          expected[j % STREAMS]++;
        }
        List<String> miscounted = new ArrayList<>();
        for (int p = 0; p < STREAMS; p++) {
          if (seen[p] != expected[p]) {
            miscounted.add(patients.get(p).id() + " at " + seen[p] + " of " + expected[p]);
          }
        }
        if (received.get() != total || !disorder.isEmpty() || !miscounted.isEmpty() || streams.failure() != null) {
          throw new IllegalStateException("streams received " + received.get() + " of " + total + " entries"
              + (disorder.isEmpty() ? "" : "; out of order: " + disorder.subList(0, Math.min(5, disorder.size())))
              + (miscounted.isEmpty() ? "" : "; " + miscounted.size() + " patients short or over, e.g. "
                  + miscounted.subList(0, Math.min(5, miscounted.size())))
              + (streams.failure() == null ? "" : "; " + streams.failure()));
        }
        System.out.println("latency by send time (10 s buckets, p50/p99 ms): " + timeline(latencyByEvent, rate));
        System.out.printf("last entry arrived %.1f s after the first send; entries arrived at %.0f /s overall%n",
            (lastArrival.get() - start) / 1e9, total / ((lastArrival.get() - start) / 1e9));
        String absolute = String.format("run %d: resident %.0f → %.0f MiB, heap %.0f → %.0f MiB, machine load "
            + "average (1 min) %s before opening, %s with them open, %s at the end of sending", run,
            before.rssKib() / 1024.0, open.rssKib() / 1024.0, before.heapBytes() / 1048576.0,
            open.heapBytes() / 1048576.0, loadBefore, loadOpen, loadWhileSending);
        streamed = new Run((open.rssKib() - before.rssKib()) / (double) STREAMS,
            (open.heapBytes() - before.heapBytes()) / 1024.0 / STREAMS, openSeconds, idleBefore, idleOpen, sendRate,
            total / ((lastArrival.get() - start) / 1e9), latencies, absolute, List.of());
      }
      Thread.sleep(SETTLE.toMillis()); // the streams closed and released
      return new Run(streamed.rssPerStreamKib(), streamed.heapPerStreamKib(), streamed.openSeconds(),
          streamed.idleCpuBefore(), streamed.idleCpuOpen(), streamed.sendRate(), streamed.arrivalRate(),
          streamed.latencies(), streamed.absolute(),
          FeedPushes.run(run, service, database, producer));
    } finally {
      TestMongo.client().getDatabase(database).drop(); // the embedded store is this JVM's heap
    }
  }

  /** Opens {@code patients}' streams, sends each one entry, waits until every stream has it, and closes them. */
  private static void warmUp(URI base, KafkaProducer<String, byte[]> producer, List<Patient> patients)
      throws Exception {
    AtomicInteger received = new AtomicInteger();
    try (SseSubscriptions streams = new SseSubscriptions(base, requests(patients),
        (index, id, now) -> received.incrementAndGet())) {
      streams.awaitOpen(Duration.ofMinutes(2));
      for (Patient patient : patients) {
        producer.send(record(reminderSent(patient)));
      }
      producer.flush();
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (received.get() < patients.size() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      if (received.get() != patients.size() || streams.failure() != null) {
        throw new IllegalStateException("warm-up: " + received.get() + " of " + patients.size() + " entries arrived"
            + (streams.failure() == null ? "" : "; " + streams.failure()));
      }
    }
  }

  static List<Patient> patients(String prefix, int count) {
    return IntStream.range(0, count).parallel().mapToObj(i -> {
      String clinic = "clinic-" + (i % CLINICS);
      String id = "pat-" + prefix + "-" + i;
      return new Patient(clinic, id, Tokens.patient(clinic, id));
    }).toList();
  }

  private static List<SseSubscriptions.Subscription> requests(List<Patient> patients) {
    return patients.stream().map(patient -> new SseSubscriptions.Subscription(patient.path(),
        Map.of("Authorization", "Bearer " + patient.token()))).toList();
  }

  static EventEnvelope<ReminderSent> reminderSent(Patient patient) {
    UUID reminderId = UUID.randomUUID();
    Instant due = Instant.now();
    return TestEvents.envelope(Tenant.of(patient.clinic()), "reminder-" + reminderId, 1, new ReminderSent(reminderId,
        UUID.randomUUID(), PatientId.of(patient.id()), ReminderKind.BREATHING, Channel.INBOX, due, due, 1),
        Actor.service("reminder-service"));
  }

  /** As reminder-service's relay publishes (its principal, CloudEvents headers, key tenant:patient), not waiting for the ack. */
  private static KafkaProducer<String, byte[]> producer() {
    Map<String, Object> config = TestKafka.clientConfig("reminder-service");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  static ProducerRecord<String, byte[]> record(EventEnvelope<?> envelope) {
    CloudEventCodec.Encoded encoded = CloudEventCodec.encode(envelope, "reminder-service");
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(encoded.topic(), encoded.key(), encoded.value());
    encoded.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
    return record;
  }

  /** Resident memory (KiB) and heap in use (bytes), right after a full collection. */
  record Memory(long rssKib, double heapBytes) {}

  private static Memory memory(PackagedService service) throws Exception {
    Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(service.pid()), "GC.run").redirectErrorStream(true).start();
    String said = new String(gc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!gc.waitFor(60, TimeUnit.SECONDS) || gc.exitValue() != 0) {
      throw new IllegalStateException("jcmd GC.run failed: " + said);
    }
    Thread.sleep(500);
    double heap = ServiceMetrics.sum(service.management(), "jvm_memory_used_bytes", "area=\"heap\"");
    if (heap == 0) {
      throw new IllegalStateException("no jvm_memory_used_bytes{area=\"heap\"} in /q/metrics");
    }
    return new Memory(Machine.residentKib(service.pid()), heap);
  }

  /** The machine's 1-minute load average: other work on the two cores shows here. */
  static String load() throws Exception {
    return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
  }

  /** p50/p99 of the latencies of the events sent in each 10 s, in milliseconds. */
  private static String timeline(long[] latencyByEvent, int rate) {
    List<String> buckets = new ArrayList<>();
    for (int from = 0; from < latencyByEvent.length; from += rate * 10) {
      long[] bucket = java.util.Arrays.copyOfRange(latencyByEvent, from, Math.min(latencyByEvent.length, from + rate * 10));
      buckets.add(String.format("%.0f/%.0f", Stats.percentileMillis(bucket, 50), Stats.percentileMillis(bucket, 99)));
    }
    return String.join(" ", buckets);
  }

  /** CPU over {@link #IDLE}, in percent of one core: the service's, and this JVM's (broker, store, stream reader). */
  record Idle(double service, double benchmark) {}

  private static Idle idleCpu(long pid) throws Exception {
    long self = ProcessHandle.current().pid();
    long from = Machine.cpuMillis(pid);
    long selfFrom = Machine.cpuMillis(self);
    long start = System.nanoTime();
    Thread.sleep(IDLE.toMillis());
    double millis = (System.nanoTime() - start) / 1e6;
    return new Idle(100.0 * (Machine.cpuMillis(pid) - from) / millis, 100.0 * (Machine.cpuMillis(self) - selfFrom) / millis);
  }


  private FeedBenchmark() {}
}
