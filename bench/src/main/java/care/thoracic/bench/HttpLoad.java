package care.thoracic.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP load from native tools, so the load generator takes little of the two cores it shares with
 * the service, the broker and the store (the JDK HTTP client in the benchmark's JVM topped out at
 * 1,500 health checks/s where {@code wrk} does 13,000): {@code wrk} for a closed loop of
 * connections sending back to back, {@code h2load} for a fixed request rate with every request's
 * latency logged. {@code bench/run.sh} installs both from Debian when they are missing.
 */
final class HttpLoad {
  private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
  private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
  private static final Pattern ERRORS = Pattern.compile("Socket errors: (.*)");

  private HttpLoad() {}

  /** {@code requests}: the answers received (a request still in flight when wrk stops is not counted). */
  record ClosedLoop(long requests, double perSecond, double p99Millis, long unexpectedStatus) {}

  /**
   * {@code wrk} with {@code connections} connections for {@code duration}; {@code script} (Lua)
   * shapes the requests. Fails on socket errors, and on any non-2xx answer unless allowed.
   */
  static ClosedLoop closedLoop(URI target, int connections, Duration duration, Path script, boolean non2xxAllowed)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("wrk", "-t1", "-c" + connections, "-d" + duration.toSeconds() + "s",
        "--latency", "--timeout", "10s"));
    if (script != null) {
      command.addAll(List.of("-s", script.toString()));
    }
    command.add(target.toString());
    String output = run(command);
    Matcher errors = ERRORS.matcher(output);
    if (errors.find()) {
      throw new IllegalStateException("wrk saw socket errors (" + errors.group(1) + "):\n" + output);
    }
    Matcher non2xx = NON_2XX.matcher(output);
    long unexpected = non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0;
    if (unexpected > 0 && !non2xxAllowed) {
      throw new IllegalStateException(unexpected + " requests failed:\n" + output);
    }
    Matcher perSecond = REQUESTS_PER_SECOND.matcher(output);
    Matcher p99 = Pattern.compile("\\s99%\\s+([\\d.]+)(us|ms|s)").matcher(output);
    Matcher requests = REQUESTS.matcher(output);
    if (!perSecond.find() || !p99.find() || !requests.find()) {
      throw new IllegalStateException("unexpected wrk output:\n" + output);
    }
    double p99Millis = Double.parseDouble(p99.group(1)) * switch (p99.group(2)) {
      case "us" -> 0.001;
      case "ms" -> 1;
      default -> 1_000;
    };
    return new ClosedLoop(Long.parseLong(requests.group(1)), Double.parseDouble(perSecond.group(1)), p99Millis,
        unexpected);
  }

  /**
   * {@code h2load} over HTTP/1.1: {@code clients} connections, each sending {@code perClient}
   * requests a second for {@code duration}, one body, the given headers.
   *
   * @return every request's latency in nanoseconds, from its send to its answer
   */
  static long[] fixedRate(URI target, int clients, int perClient, Duration duration, Path body,
      Map<String, String> headers, int expectedStatus) throws IOException, InterruptedException {
    Path log = Files.createTempFile("h2load", ".log");
    try {
      List<String> command = new ArrayList<>(List.of("h2load", "--h1", "-c", String.valueOf(clients), "--rps",
          String.valueOf(perClient), "-D", String.valueOf(duration.toSeconds()), "-d", body.toString(),
          "--log-file=" + log));
      headers.forEach((name, value) -> command.addAll(List.of("-H", name + ": " + value)));
      command.add(target.toString());
      run(command);
      List<String> lines = Files.readAllLines(log);
      long[] latencies = new long[lines.size()];
      for (int i = 0; i < lines.size(); i++) {
        String[] columns = lines.get(i).split("\t"); // start (µs since epoch), status, latency (µs)
        if (Integer.parseInt(columns[1]) != expectedStatus) {
          throw new IllegalStateException(target + " answered " + columns[1] + " (expected " + expectedStatus + ")");
        }
        latencies[i] = Long.parseLong(columns[2]) * 1_000;
      }
      if (latencies.length < clients * perClient * duration.toSeconds() * 9 / 10) {
        throw new IllegalStateException("h2load completed only " + latencies.length + " requests");
      }
      return latencies;
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException missing) {
      throw new IllegalStateException(command.getFirst() + " is missing: run the benchmark through bench/run.sh, "
          + "or install it (Debian: apt-get install wrk nghttp2-client)", missing);
    }
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
    }
    return output;
  }
}
