package care.thoracic.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The four services' HTTP APIs as a patient's app and a clinician's screen call them, answering
 * JSON trees. Anything but the expected status is an {@link UnexpectedAnswer} carrying the body
 * (the problem details), so a journey stops where the platform disagreed with it.
 */
public final class CareApi {
  public enum Service { TRIAGE, PLAN, PROGRESS, REMINDER }

  public static final class UnexpectedAnswer extends RuntimeException {
    private final int status;

    UnexpectedAnswer(String request, int status, String body) {
      super(request + " answered " + status + ": " + body);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<Service, URI> bases;
  private final Map<Service, URI> management;

  /** A client of the APIs only: it reads no service's health or metrics. */
  public CareApi(Map<Service, URI> bases) {
    this(bases, Map.of());
  }

  /** @param management where each service answers its health and metrics (its management port) */
  public CareApi(Map<Service, URI> bases, Map<Service, URI> management) {
    this.bases = Map.copyOf(bases);
    this.management = Map.copyOf(management);
  }

  /** Where the service answers, e.g. for a load tool that talks to it directly. */
  public URI base(Service service) {
    return bases.get(service);
  }

  public JsonNode get(Service service, String path, String token) {
    return send(service, "GET", path, token, null, Map.of(), 200);
  }

  /** GET that answers empty on 404 (not there yet, or not visible to this caller). */
  public Optional<JsonNode> find(Service service, String path, String token) {
    try {
      return Optional.of(get(service, path, token));
    } catch (UnexpectedAnswer answer) {
      if (answer.status() == 404) {
        return Optional.empty();
      }
      throw answer;
    }
  }

  public JsonNode post(Service service, String path, String token, Object body, int expectedStatus) {
    return send(service, "POST", path, token, body, Map.of(), expectedStatus);
  }

  public JsonNode put(Service service, String path, String token, Object body) {
    return send(service, "PUT", path, token, body, Map.of(), 200);
  }

  /** A clinician's decision on the plan version they looked at ({@code If-Match}). */
  public JsonNode decide(String planId, String decision, long version, String reason, String clinicianToken) {
    return send(Service.PLAN, "POST", "/plans/" + planId + "/" + decision, clinicianToken,
        Map.of("reason", reason), Map.of("If-Match", "\"" + version + "\""), 200);
  }

  /** Sets every service's clock to real time plus {@code offset} (services run with an adjustable clock). */
  public void setClocks(Duration offset, String opsToken) {
    for (Service service : Service.values()) {
      put(service, "/admin/clock", opsToken, Map.of("offset", offset.toString()));
    }
  }

  /** The service's Prometheus metrics, as a scraper reads them from its management port. */
  public String metrics(Service service) {
    Answer answer = exchange(management(service).resolve("/q/metrics"), "GET", null, null,
        Map.of("Accept", "text/plain"));
    if (answer.status() != 200) {
      throw new UnexpectedAnswer("GET /q/metrics", answer.status(), answer.body());
    }
    return answer.body();
  }

  /** What the service's readiness probe answers (200 ready, 503 not), as Kubernetes asks it. */
  public int readiness(Service service) {
    return exchange(management(service).resolve("/q/health/ready"), "GET", null, null, Map.of()).status();
  }

  /** Where the service answers its health and metrics, e.g. for a probe that reads them while under load. */
  public URI management(Service service) {
    URI uri = management.get(service);
    if (uri == null) {
      throw new IllegalStateException("this client was not told " + service + "'s management port");
    }
    return uri;
  }

  /** Every item of a paged list ({@code items}, {@code total}). */
  public List<JsonNode> all(Service service, String pathWithQuery, String token) {
    String separator = pathWithQuery.contains("?") ? "&" : "?";
    List<JsonNode> items = new ArrayList<>();
    for (int page = 0; ; page++) {
      JsonNode answer = get(service, pathWithQuery + separator + "size=100&page=" + page, token);
      answer.path("items").forEach(items::add);
      if (items.size() >= answer.path("total").asLong() || answer.path("items").isEmpty()) {
        return items;
      }
    }
  }

  /** What a service answered: status, media type and body as text. */
  public record Answer(int status, String contentType, String body) {}

  /**
   * One request as given, whatever the answer: for callers that judge the answer themselves. A live
   * stream (SSE) that opens is answered with its status and no body, and closed.
   */
  public Answer exchange(Service service, String method, String path, String token, Object body,
      Map<String, String> headers) {
    return exchange(bases.get(service).resolve(path), method, token, body, headers);
  }

  private Answer exchange(URI uri, String method, String token, Object body, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .header("Accept", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    headers.forEach(request::setHeader);
    try {
      if (body == null) {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        request.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body instanceof String text ? text : JSON.writeValueAsString(body)));
      }
      HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      String type = response.headers().firstValue("Content-Type").orElse("");
      try (InputStream answered = response.body()) {
        // a live stream that opened never ends by itself: its answer is its status, and it is closed
        String text = response.statusCode() == 200 && type.startsWith("text/event-stream") ? ""
            : new String(answered.readAllBytes(), StandardCharsets.UTF_8);
        return new Answer(response.statusCode(), type, text);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + uri + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** One request that must be answered {@code expectedStatus}; the answer's JSON. */
  public JsonNode send(Service service, String method, String path, String token, Object body,
      Map<String, String> headers, int expectedStatus) {
    Answer answer = exchange(service, method, path, token, body, headers);
    if (answer.status() != expectedStatus) {
      throw new UnexpectedAnswer(method + " " + path, answer.status(), answer.body());
    }
    try {
      return answer.body().isEmpty() ? JSON.nullNode() : JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " answered no JSON: " + answer.body(), e);
    }
  }
}
