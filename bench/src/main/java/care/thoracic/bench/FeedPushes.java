package care.thoracic.bench;

import care.thoracic.contracts.CareJson;
import care.thoracic.testkit.PackagedService;
import care.thoracic.testkit.PushServiceStandIn;
import care.thoracic.testkit.TestMongo;
import care.thoracic.testkit.TestVapidKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.bson.Document;

/**
 * The feed benchmark's third measure: Web Push of feed entries, on the same running
 * reminder-service. {@link #DEVICES} patients each register one device (a browser's
 * PushSubscription, PUT /patients/{id}/push-subscriptions with the patient's own token) whose
 * endpoint is a receiver in this JVM; then a burst of {@link #PER_DEVICE} {@code ReminderSent}
 * (INBOX) per patient goes onto Kafka as the relay would put it, and every push the service makes
 * is timed from its event's send to its arrival at the receiver. Twice, on fresh patients each
 * time: to a counting receiver (answers 201, decrypts nothing: what the service alone manages),
 * and to the test kit's {@link PushServiceStandIn} (checks each push's VAPID token and headers and
 * decrypts its payload, RFC 8291, so every (entry, device) is checked to arrive exactly once by
 * the payload's patient and sequence).
 */
final class FeedPushes {
  static final int DEVICES = 2_000;
  static final int PER_DEVICE = 3; // within reminders.push.max-per-device-per-hour (20)
  private static final Duration WAIT = Duration.ofMinutes(6);

  /** One burst's figures; latencies in nanoseconds. */
  record Result(String receiver, int pushes, double pushRate, double bulkRate, double endToEndRate, double enqueueRate,
      double enqueueSpanSeconds, double pushSpanSeconds, long[] latencies, double serviceCpu, double benchmarkCpu,
      double meanPushMillis, long claimedAgain, Map<String, Double> counters, String timeline, String load) {
    double p(double percentile) {
      return Stats.percentileMillis(latencies, percentile);
    }

    String line() {
      return String.format("%s: %,d pushes, %.0f /s first to last arrival, %.0f /s first to 99th percentile arrival "
          + "(%.0f /s first send to last arrival; "
          + "entries enqueued at %.0f /s over %.1f s, pushed over %.1f s), send to arrival p50 %.0f ms, p99 %.0f ms, "
          + "max %.0f ms; CPU service %.0f%%, benchmark JVM %.0f%% of a core; mean push (start to answer) %.1f ms; "
          + "deliveries claimed more than once %d; service counters %s; pushes arrived per 5 s from the first send: %s; "
          + "machine load %s", receiver, pushes, pushRate, bulkRate, endToEndRate, enqueueRate, enqueueSpanSeconds,
          pushSpanSeconds, p(50), p(99), p(100), serviceCpu, benchmarkCpu, meanPushMillis, claimedAgain, counters,
          timeline, load);
    }
  }

  /** Where the pushes go: an endpoint per device and what arrived. */
  private interface Receiver extends AutoCloseable {
    Map<String, Object> subscription(int device);

    /** Every push's arrival so far, checked: device index and sequence (1, 2, ...) and wall-clock nanos. */
    List<long[]> arrivals(List<FeedBenchmark.Patient> patients, List<String> problems);

    int count();

    @Override
    void close();
  }

  private FeedPushes() {}

  /** Both bursts, counting receiver first. */
  static List<Result> run(int run, PackagedService service, String database,
      KafkaProducer<String, byte[]> producer) throws Exception {
    List<Result> results = new ArrayList<>();
    try (Receiver counting = new Counting(DEVICES)) {
      results.add(burst("counting receiver (201, no decryption)", counting,
          FeedBenchmark.patients("pc" + run, DEVICES), service, database, producer));
    }
    try (Receiver standIn = new StandIn(DEVICES)) {
      results.add(burst("PushServiceStandIn (VAPID checked, payload decrypted)", standIn,
          FeedBenchmark.patients("ps" + run, DEVICES), service, database, producer));
    }
    return results;
  }

  private static Result burst(String name, Receiver receiver, List<FeedBenchmark.Patient> patients,
      PackagedService service, String database, KafkaProducer<String, byte[]> producer) throws Exception {
    long servicePid = service.pid();
    register(service.base(), patients, receiver);
    Map<String, Double> countersBefore = counters(service.management());
    int total = DEVICES * PER_DEVICE;
    AtomicLongArray sentAt = new AtomicLongArray(total); // wall-clock nanos, as the receivers stamp arrivals
    String loadBefore = FeedBenchmark.load();
    long cpuFrom = Machine.cpuMillis(servicePid);
    long selfFrom = Machine.cpuMillis(ProcessHandle.current().pid());
    long start = System.nanoTime();
    Instant startedAt = Instant.now();
    for (int round = 0; round < PER_DEVICE; round++) {
      for (int p = 0; p < DEVICES; p++) {
        var record = FeedBenchmark.record(FeedBenchmark.reminderSent(patients.get(p)));
        sentAt.set(round * DEVICES + p, epochNanos(Instant.now()));
        producer.send(record);
      }
    }
    producer.flush();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (receiver.count() < total && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    double cpuSeconds = (System.nanoTime() - start) / 1e9;
    double serviceCpu = 100.0 * (Machine.cpuMillis(servicePid) - cpuFrom) / 1000 / cpuSeconds;
    double selfCpu = 100.0 * (Machine.cpuMillis(ProcessHandle.current().pid()) - selfFrom) / 1000 / cpuSeconds;
    String loadEnd = FeedBenchmark.load();
    Thread.sleep(2_000); // a repeat would arrive now
    List<String> problems = new ArrayList<>();
    List<long[]> arrivals = receiver.arrivals(patients, problems);
    int[] seen = new int[total];
    long[] latencies = new long[arrivals.size()];
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (int i = 0; i < arrivals.size(); i++) {
      long[] arrival = arrivals.get(i);
      int device = (int) arrival[0];
      long sequence = arrival[1];
      if (sequence < 1 || sequence > PER_DEVICE) {
        problems.add("device " + device + " got sequence " + sequence);
        continue;
      }
      int event = (int) (sequence - 1) * DEVICES + device;
      if (seen[event]++ == 1) {
        problems.add("device " + device + " got sequence " + sequence + " twice");
      }
      latencies[i] = arrival[2] - sentAt.get(event);
      first = Math.min(first, arrival[2]);
      last = Math.max(last, arrival[2]);
    }
    for (int event = 0; event < total; event++) {
      if (seen[event] == 0 && problems.size() < 20) {
        problems.add("device " + event % DEVICES + " never got sequence " + (event / DEVICES + 1));
      }
    }
    if (arrivals.size() != total || !problems.isEmpty()) {
      throw new IllegalStateException(name + ": " + arrivals.size() + " of " + total + " pushes arrived; "
          + problems.subList(0, Math.min(10, problems.size())));
    }
    Map<String, Double> counters = delta(countersBefore, counters(service.management()));
    double count = counters.getOrDefault("care_push_latency_seconds_count", 0.0);
    double meanPush = count == 0 ? Double.NaN : 1000 * counters.getOrDefault("care_push_latency_seconds_sum", 0.0) / count;
    counters.keySet().removeIf(key -> key.startsWith("care_push_latency") || key.startsWith("care_push_delay"));
    Spans spans = spans(database, startedAt);
    int[] buckets = new int[(int) ((last - epochNanos(startedAt)) / 5_000_000_000L) + 1];
    for (long[] arrival : arrivals) {
      buckets[(int) ((arrival[2] - epochNanos(startedAt)) / 5_000_000_000L)]++;
    }
    String timeline = String.join(" ", java.util.Arrays.stream(buckets).mapToObj(Integer::toString).toList());
    long[] times = arrivals.stream().mapToLong(arrival -> arrival[2]).sorted().toArray();
    int bulk = (int) Math.ceil(0.99 * times.length);
    Result result = new Result(name, total, total / ((last - first) / 1e9),
        (bulk - 1) / ((times[bulk - 1] - first) / 1e9),
        total / ((last - epochNanos(startedAt)) / 1e9), total / spans.enqueueSeconds(), spans.enqueueSeconds(),
        spans.sentSeconds(), latencies, serviceCpu, selfCpu, meanPush, spans.claimedAgain(), counters, timeline,
        loadBefore + " before, " + loadEnd + " after");
    System.out.println("pushes, " + result.line());
    return result;
  }

  /** Each patient registers their device, eight at a time. */
  private static void register(URI service, List<FeedBenchmark.Patient> patients, Receiver receiver)
      throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Semaphore slots = new Semaphore(8);
    List<Future<Integer>> answers = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < patients.size(); i++) {
        FeedBenchmark.Patient patient = patients.get(i);
        String body = CareJson.mapper().writeValueAsString(receiver.subscription(i));
        answers.add(threads.submit(() -> {
          slots.acquire();
          try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                service.resolve("/patients/" + patient.id() + "/push-subscriptions"))
                .header("Authorization", "Bearer " + patient.token()).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 201) {
              throw new IllegalStateException("registering " + patient.id() + ": " + answer.statusCode() + " "
                  + answer.body());
            }
            return answer.statusCode();
          } finally {
            slots.release();
          }
        }));
      }
      for (Future<Integer> answer : answers) {
        answer.get();
      }
    }
  }

  /**
   * From the burst's start: the first to the last enqueueing, the first to the last push concluded
   * SENT, and how many deliveries were claimed more than once (a claim's push abandoned, taken
   * again when its lease ended).
   */
  record Spans(double enqueueSeconds, double sentSeconds, long claimedAgain) {}

  private static Spans spans(String database, Instant since) {
    MongoCollection<Document> deliveries = TestMongo.client().getDatabase(database).getCollection("push_deliveries");
    Document span = deliveries.aggregate(List.of(
        Aggregates.match(Filters.gte("enqueuedAt", java.util.Date.from(since))),
        Aggregates.group(null, Accumulators.min("firstEnqueued", "$enqueuedAt"),
            Accumulators.max("lastEnqueued", "$enqueuedAt"), Accumulators.min("firstSent", "$sentAt"),
            Accumulators.max("lastSent", "$sentAt")))).first();
    if (span == null) {
      return new Spans(Double.NaN, Double.NaN, 0);
    }
    long again = deliveries.countDocuments(Filters.and(Filters.gte("enqueuedAt", java.util.Date.from(since)),
        Filters.gt("attempts", 1)));
    return new Spans(seconds(span.getDate("firstEnqueued"), span.getDate("lastEnqueued")),
        seconds(span.getDate("firstSent"), span.getDate("lastSent")), again);
  }

  private static double seconds(java.util.Date from, java.util.Date to) {
    return from == null || to == null ? Double.NaN : Math.max(0.001, (to.getTime() - from.getTime()) / 1000.0);
  }

  /** The service's care_push_* counters and push timers' count and sum, summed over their tags. */
  private static Map<String, Double> counters(URI management) throws Exception {
    Map<String, Double> counters = new TreeMap<>();
    ServiceMetrics.samples(management).stream().filter(line -> line.startsWith("care_push_") && !line.contains("_bucket")
        && (line.contains("_total") || line.contains("_count") || line.contains("_sum")))
        .forEach(line -> {
          int brace = line.indexOf('{');
          int space = line.lastIndexOf(' ');
          // counters by their tags (where a lease was lost, why a push failed); timers summed
          String metric = line.substring(0, brace >= 0 && !line.contains("_total") ? brace : space);
          counters.merge(metric, Double.parseDouble(line.substring(space + 1)), Double::sum);
        });
    return counters;
  }

  private static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> delta = new LinkedHashMap<>();
    after.forEach((metric, value) -> {
      double change = value - before.getOrDefault(metric, 0.0);
      if (change != 0) {
        delta.put(metric, change);
      }
    });
    return delta;
  }

  private static long epochNanos(Instant at) {
    return at.getEpochSecond() * 1_000_000_000L + at.getNano();
  }

  /**
   * Answers every push 201 and counts it per endpoint ({@code /push/<device>}); decrypts nothing.
   * A device gets its pushes in feed order, one at a time, so its n-th arrival is its entry n.
   */
  private static final class Counting implements Receiver {
    private final HttpServer server;
    private final String p256dh;
    private final String auth;
    private final AtomicInteger[] counts;
    private final long[][] arrivedAt;
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicLong strays = new AtomicLong();

    Counting(int devices) throws Exception {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      // one key pair and secret for every device: the service encrypts to it, nobody decrypts
      p256dh = Base64.getUrlEncoder().withoutPadding().encodeToString(
          TestVapidKeys.uncompressed((ECPublicKey) generator.generateKeyPair().getPublic()));
      byte[] secret = new byte[16];
      new SecureRandom().nextBytes(secret);
      auth = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
      counts = new AtomicInteger[devices];
      arrivedAt = new long[devices][PER_DEVICE];
      for (int i = 0; i < devices; i++) {
        counts[i] = new AtomicInteger();
      }
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.createContext("/push/", this::handle);
      server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
      try (exchange) {
        exchange.getRequestBody().readAllBytes();
        long now = epochNanos(Instant.now());
        int device;
        try {
          device = Integer.parseInt(exchange.getRequestURI().getPath().substring("/push/".length()));
        } catch (NumberFormatException e) {
          device = -1;
        }
        if (device < 0 || device >= counts.length) {
          strays.incrementAndGet();
          exchange.sendResponseHeaders(404, -1);
          return;
        }
        int n = counts[device].incrementAndGet();
        if (n <= PER_DEVICE) {
          arrivedAt[device][n - 1] = now;
        }
        total.incrementAndGet();
        exchange.sendResponseHeaders(201, -1);
      }
    }

    @Override
    public Map<String, Object> subscription(int device) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("endpoint", "http://127.0.0.1:" + server.getAddress().getPort() + "/push/" + device);
      json.put("expirationTime", null);
      json.put("keys", Map.of("p256dh", p256dh, "auth", auth));
      return json;
    }

    @Override
    public List<long[]> arrivals(List<FeedBenchmark.Patient> patients, List<String> problems) {
      List<long[]> arrivals = new ArrayList<>();
      for (int device = 0; device < counts.length; device++) {
        int n = counts[device].get();
        if (n != PER_DEVICE) {
          problems.add("device " + device + " got " + n + " pushes, not " + PER_DEVICE);
        }
        for (int i = 0; i < Math.min(n, PER_DEVICE); i++) {
          arrivals.add(new long[] {device, i + 1, arrivedAt[device][i]});
        }
      }
      if (strays.get() > 0) {
        problems.add(strays.get() + " pushes to unknown endpoints");
      }
      return arrivals;
    }

    @Override
    public int count() {
      return total.get();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  /** The test kit's push service: each push verified and decrypted; its payload names the entry. */
  private static final class StandIn implements Receiver {
    private final PushServiceStandIn standIn;
    private final List<PushServiceStandIn.Device> devices = new ArrayList<>();

    StandIn(int devices) throws IOException {
      standIn = PushServiceStandIn.start();
      for (int i = 0; i < devices; i++) {
        this.devices.add(standIn.device("d" + i));
      }
    }

    @Override
    public Map<String, Object> subscription(int device) {
      return devices.get(device).subscription();
    }

    @Override
    public List<long[]> arrivals(List<FeedBenchmark.Patient> patients, List<String> problems) {
      Map<String, Integer> byPatient = new HashMap<>();
      for (int i = 0; i < patients.size(); i++) {
        byPatient.put(patients.get(i).id(), i);
      }
      Map<String, Integer> byDevice = new HashMap<>();
      for (int i = 0; i < devices.size(); i++) {
        byDevice.put(devices.get(i).name(), i);
      }
      problems.addAll(standIn.rejections().stream().limit(10).toList());
      List<long[]> arrivals = new ArrayList<>();
      for (PushServiceStandIn.Received push : standIn.received()) {
        JsonNode payload = push.json();
        Integer patient = byPatient.get(payload.path("patientId").asText());
        Integer device = byDevice.get(push.device());
        if (patient == null || !patient.equals(device) || push.answered() != 201) {
          problems.add("push for " + payload.path("patientId").asText() + " to device " + push.device()
              + " answered " + push.answered());
          continue;
        }
        arrivals.add(new long[] {patient, payload.path("sequence").asLong(), epochNanos(push.at())});
      }
      return arrivals;
    }

    @Override
    public int count() {
      return standIn.received().size();
    }

    @Override
    public void close() {
      standIn.close();
    }
  }
}
