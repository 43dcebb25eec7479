package care.thoracic.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;

/** A service's Prometheus page ({@code /q/metrics} on its management port), read as the benchmarks need it. */
final class ServiceMetrics {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private ServiceMetrics() {}

  /** The page's samples, one line each (comments left out). */
  static List<String> samples(URI management) throws Exception {
    HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(management.resolve("/q/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    if (page.statusCode() != 200) {
      throw new IllegalStateException(management + "/q/metrics answered " + page.statusCode());
    }
    return page.body().lines().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
  }

  /** The sum of {@code name}'s samples over their tags, those with every one of {@code tags} (as {@code key="value"}). */
  static double sum(URI management, String name, String... tags) throws Exception {
    return samples(management).stream()
        .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
        .filter(line -> Arrays.stream(tags).allMatch(line::contains))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }
}
