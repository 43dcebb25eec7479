package care.thoracic.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Moves a running service's clock through {@code PUT /admin/clock}, which services answer only
 * with {@code care.clock.adjustable=true}. For system tests and demos that walk weeks of therapy.
 */
public final class ClockControl {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private ClockControl() {}

  /** Sets the service clock to real time plus {@code offset}; answers the service's new "now". */
  public static String setOffset(URI service, String opsToken, Duration offset) {
    HttpRequest request = HttpRequest.newBuilder(service.resolve("/admin/clock"))
        .header("Authorization", "Bearer " + opsToken)
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"offset\":\"" + offset + "\"}"))
        .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("clock not moved on " + service + ": " + response.statusCode() + " "
            + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException("clock not moved on " + service, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
