package care.thoracic.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * An open server-sent-events connection as a test reads it: its status and lines, collected as they
 * arrive, until it ends or the test closes it.
 */
public final class SseConnection {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Integer> status = new CompletableFuture<>();
  private final CompletableFuture<?> done;

  private SseConnection(HttpRequest request) {
    done = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> {
      status.complete(response.statusCode());
      try (Stream<String> body = response.body()) {
        body.forEach(lines::add);
      }
    });
    done.whenComplete((ignored, failure) -> status.complete(-1));
  }

  /** Opens {@code url} asking for {@code text/event-stream}, with {@code headers} (e.g. Authorization, Last-Event-ID). */
  public static SseConnection open(URI url, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(url).header("Accept", "text/event-stream");
    headers.forEach(request::header);
    return new SseConnection(request.build());
  }

  public List<String> lines() {
    return lines;
  }

  /** The ids of the events received so far, in order. */
  public List<String> ids() {
    return lines.stream().filter(l -> l.startsWith("id:")).map(l -> l.substring(3).trim()).toList();
  }

  /** The data lines received so far, in order. */
  public List<String> data() {
    return lines.stream().filter(l -> l.startsWith("data:")).map(l -> l.substring(5).trim()).toList();
  }

  /** The response's status once its headers arrived (-1 if the connection failed before). */
  public CompletableFuture<Integer> status() {
    return status;
  }

  /** Whether the server ended the stream. */
  public boolean ended() {
    return done.isDone();
  }

  public void close() {
    done.cancel(true);
  }
}
