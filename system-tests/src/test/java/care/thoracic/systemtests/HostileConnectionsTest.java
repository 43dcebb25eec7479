package care.thoracic.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.devstack.CareApi.Service;
import care.thoracic.devstack.Journey;
import care.thoracic.testkit.Tokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Each service, one after another, gets 500 hostile connections at once (empty bodies, chunked
 * empty bodies, truncated bodies, headers dripped a byte a second) while a well-behaved client keeps
 * reading a patient's data and the readiness check: every one of its requests succeeds, its p99
 * stays within 3 times the p99 it had unloaded, and the service stays ready. The platform is shared
 * with the other system tests, whose background work (projections, planner and review jobs, the
 * access audit) comes in bursts on two cores; so each service is measured in {@value #ROUNDS}
 * rounds, each an unloaded window right before an attacked one, and the medians of the rounds' p99s
 * are compared. The figures go to {@code target/hostile-connections.md} (and RELIABILITY.md).
 */
class HostileConnectionsTest {
  private static final int HOSTILE = 500;
  /** How long the well-behaved client is measured: past the 5 s body timeout, so every hostile kind has had its answer. */
  private static final Duration MEASURED = Duration.ofSeconds(8);
  private static final Duration UNLOADED = Duration.ofSeconds(5);
  private static final int ROUNDS = 3;
  private final RunningPlatform platform = RunningPlatform.get();

  private enum Kind { EMPTY_BODY, CHUNKED_EMPTY, TRUNCATED_BODY, DRIPPED_HEADERS }

  private record Figures(double unloadedP50, double unloadedP99, double loadedP50, double loadedP99, int failures,
      List<Map<Kind, String>> roundsHostileOutcomes, boolean alwaysReady) {
    /** What each kind of hostile connection was answered, the rounds' distinct outcomes joined. */
    String hostile(Kind kind) {
      return String.join(" / ", roundsHostileOutcomes.stream().map(round -> round.get(kind)).distinct().toList());
    }
  }

  @Test
  void five_hundred_hostile_connections_neither_stop_nor_slow_a_well_behaved_client() throws Exception {
    String clinic = RunningPlatform.newClinic("hostile");
    Journey journey = platform.journey(clinic, "pat-hostile");
    journey.submitIntake(journey.mechanicalIntake(journey.tomorrowAt(LocalTime.of(9, 0)), 5));
    String planId = journey.awaitRunningPlan();
    journey.awaitProgress(planId);
    String token = Tokens.patient(clinic, "pat-hostile");
    // each command as someone allowed to send it, so the empty body itself is what is answered
    Map<Service, String> commandTokens = Map.of(Service.TRIAGE, token, Service.PLAN,
        Tokens.clinician(clinic, "dr-hostile"), Service.PROGRESS, token, Service.REMINDER, token);
    Map<Service, String> reads = Map.of(Service.TRIAGE, "/patients/pat-hostile/triage",
        Service.PLAN, "/patients/pat-hostile/plan", Service.PROGRESS, "/plans/" + planId + "/progress",
        Service.REMINDER, "/patients/pat-hostile/reminders");
    Map<Service, String> commands = Map.of(Service.TRIAGE, "POST /triage",
        Service.PLAN, "POST /plans/00000000-0000-4000-8000-000000000000/hold",
        Service.PROGRESS, "POST /plans/00000000-0000-4000-8000-000000000000/sessions",
        Service.REMINDER, "PUT /patients/pat-hostile/reminder-preferences");

    Map<Service, Figures> figures = new EnumMap<>(Service.class);
    for (Service service : Service.values()) {
      URI base = platform.api().base(service);
      URI read = base.resolve(reads.get(service));
      measure(read, token, Duration.ofSeconds(2)); // warm-up
      double[][] unloaded = new double[ROUNDS][];
      double[][] during = new double[ROUNDS][];
      int failures = 0;
      boolean alwaysReady = true;
      List<Map<Kind, String>> outcomes = new ArrayList<>();
      for (int round = 0; round < ROUNDS; round++) {
        unloaded[round] = measure(read, token, UNLOADED).percentiles();
        try (Attack attack = Attack.on(base, commands.get(service), commandTokens.get(service))) {
          Latencies loaded = measureWhileReady(read,
              platform.api().management(service).resolve("/q/health/ready"), token, MEASURED);
          during[round] = loaded.percentiles();
          failures += loaded.failures;
          alwaysReady &= loaded.alwaysReady;
          outcomes.add(attack.outcomes());
        }
      }
      figures.put(service, new Figures(median(unloaded, 0), median(unloaded, 1), median(during, 0), median(during, 1),
          failures, outcomes, alwaysReady));
    }
    write(figures);
    figures.forEach((service, f) -> {
      assertThat(f.failures()).as(service + ": requests of the well-behaved client that failed").isZero();
      assertThat(f.alwaysReady()).as(service + " stays ready").isTrue();
      assertThat(f.loadedP99()).as(service + ": p99 under attack against 3 x unloaded " + f.unloadedP99())
          .isLessThanOrEqualTo(3 * f.unloadedP99());
      for (Map<Kind, String> round : f.roundsHostileOutcomes()) {
        assertThat(round.get(Kind.EMPTY_BODY)).as(service.name()).startsWith("answered 4");
        assertThat(round.get(Kind.TRUNCATED_BODY)).as(service.name()).contains("408");
      }
    });
  }

  /** The median over the rounds of one percentile (0: p50, 1: p99). */
  private static double median(double[][] rounds, int percentile) {
    double[] values = new double[rounds.length];
    for (int round = 0; round < rounds.length; round++) {
      values[round] = rounds[round][percentile];
    }
    Arrays.sort(values);
    return values[values.length / 2];
  }

  /** The well-behaved client's latencies (ms) and how many of its requests did not succeed. */
  private static final class Latencies {
    final List<Double> millis = new ArrayList<>();
    int failures;
    boolean alwaysReady = true;

    double[] percentiles() {
      List<Double> sorted = new ArrayList<>(millis);
      Collections.sort(sorted);
      return new double[] {at(sorted, 0.50), at(sorted, 0.99)};
    }

    private static double at(List<Double> sorted, double quantile) {
      return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
    }
  }

  private static Latencies measure(URI read, String token, Duration during) {
    return measureWhileReady(read, null, token, during);
  }

  private static Latencies measureWhileReady(URI read, URI ready, String token, Duration during) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    Latencies latencies = new Latencies();
    HttpRequest request = HttpRequest.newBuilder(read).header("Authorization", "Bearer " + token)
        .timeout(Duration.ofSeconds(10)).build();
    long until = System.nanoTime() + during.toNanos();
    for (int i = 0; System.nanoTime() < until; i++) {
      long started = System.nanoTime();
      try {
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        latencies.millis.add((System.nanoTime() - started) / 1e6);
        if (status != 200) {
          latencies.failures++;
        }
        if (ready != null && i % 20 == 0 && http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(10))
            .build(), HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
          latencies.alwaysReady = false;
        }
      } catch (IOException e) {
        latencies.failures++;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return latencies;
  }

  /** 500 connections, a quarter of each kind, held open until closed; what the service answered each kind. */
  private static final class Attack implements AutoCloseable {
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Map<Kind, Map<String, AtomicInteger>> answers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();

    static Attack on(URI base, String command, String token) throws IOException {
      Attack attack = new Attack();
      String[] methodAndPath = command.split(" ");
      String head = methodAndPath[0] + " " + methodAndPath[1] + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\n";
      List<Socket> dripped = new ArrayList<>();
      for (int i = 0; i < HOSTILE; i++) {
        Kind kind = Kind.values()[i % Kind.values().length];
        Socket socket = new Socket(base.getHost(), base.getPort());
        attack.sockets.add(socket);
        OutputStream out = socket.getOutputStream();
        switch (kind) {
          case EMPTY_BODY -> out.write((head + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
          case CHUNKED_EMPTY -> out.write((head + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
          case TRUNCATED_BODY -> out.write((head + "Content-Length: 100\r\n\r\n{\"pa").getBytes(StandardCharsets.UTF_8));
          case DRIPPED_HEADERS -> {
            out.write("GET /q/openapi HTTP/1.1\r\nX-Slow: ".getBytes(StandardCharsets.UTF_8));
            dripped.add(socket);
          }
        }
        out.flush();
        attack.readers.submit(() -> attack.record(kind, socket));
      }
      attack.drip.scheduleAtFixedRate(() -> dripped.forEach(socket -> {
        try {
          socket.getOutputStream().write('a');
        } catch (IOException closedByTheServer) {
          // counted by its reader
        }
      }), 1, 1, TimeUnit.SECONDS);
      return attack;
    }

    private void record(Kind kind, Socket socket) {
      String outcome;
      try {
        socket.setSoTimeout(60_000);
        InputStream in = socket.getInputStream();
        byte[] line = new byte[12];
        int read = in.readNBytes(line, 0, line.length);
        outcome = read < line.length ? "closed without an answer" : "answered " + new String(line, 9, 3,
            StandardCharsets.US_ASCII);
      } catch (IOException e) {
        outcome = "open until the client left";
      }
      answers.computeIfAbsent(kind, k -> new ConcurrentHashMap<>()).computeIfAbsent(outcome, o -> new AtomicInteger())
          .incrementAndGet();
    }

    Map<Kind, String> outcomes() {
      Map<Kind, String> summary = new EnumMap<>(Kind.class);
      for (Kind kind : Kind.values()) {
        Map<String, AtomicInteger> counts = answers.getOrDefault(kind, Map.of());
        int answered = counts.values().stream().mapToInt(AtomicInteger::get).sum();
        StringBuilder text = new StringBuilder();
        counts.forEach((outcome, count) -> text.append(text.isEmpty() ? "" : ", ").append(outcome).append(" x ")
            .append(count.get()));
        int pending = HOSTILE / Kind.values().length - answered;
        if (pending > 0) {
          text.append(text.isEmpty() ? "" : ", ").append("open, no answer yet x ").append(pending);
        }
        summary.put(kind, text.toString());
      }
      return summary;
    }

    @Override
    public void close() {
      drip.shutdownNow();
      for (Socket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // already gone
        }
      }
      readers.shutdownNow();
    }
  }

  private static void write(Map<Service, Figures> figures) throws IOException {
    StringBuilder table = new StringBuilder("| service | unloaded p50 / p99 (ms) | under attack p50 / p99 (ms) | failed "
        + "| ready throughout | empty body | chunked empty | truncated body | dripped headers |\n"
        + "|---|---|---|---|---|---|---|---|---|\n");
    figures.forEach((service, f) -> table.append(String.format(Locale.ROOT,
        "| %s | %.1f / %.1f | %.1f / %.1f | %d | %s | %s | %s | %s | %s |%n", service, f.unloadedP50(), f.unloadedP99(),
        f.loadedP50(), f.loadedP99(), f.failures(), f.alwaysReady() ? "yes" : "NO",
        f.hostile(Kind.EMPTY_BODY), f.hostile(Kind.CHUNKED_EMPTY), f.hostile(Kind.TRUNCATED_BODY),
        f.hostile(Kind.DRIPPED_HEADERS))));
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "hostile-connections.md"), table);
    System.out.print(table);
  }
}
