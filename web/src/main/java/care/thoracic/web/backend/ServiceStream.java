package care.thoracic.web.console;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * Follows a plan's live stream at plan-service with the clinician's own token and tells the page
 * only that the plan changed and to which version: the page then fetches itself again. The stream
 * ends when plan-service ends it (the token expired, it said {@code reauthenticate}); the browser's
 * EventSource reconnects through this application, whose session has a fresh token by then.
 */
final class PlanChanges {
  /** What the page is told: the plan is now at {@code version}; a heartbeat keeps idle proxies from closing. */
  sealed interface Change {
    record Changed(long version) implements Change {}

    record Heartbeat() implements Change {}
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private PlanChanges() {}

  /**
   * Opens the plan's stream after {@code version} (a 404 for a plan the clinician may not see, a 503
   * when plan-service does not answer) and relays it from a virtual thread until either side ends.
   */
  static Multi<Change> follow(URI planService, UUID planId, long version, String accessToken) {
    HttpResponse<InputStream> stream;
    try {
      stream = HTTP.send(HttpRequest.newBuilder(planService.resolve("/plans/" + planId + "/stream?after=" + version))
          .header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken).header(HttpHeaders.ACCEPT, "text/event-stream")
          .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new ServiceUnavailableException("plan-service did not answer");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceUnavailableException("interrupted");
    }
    if (stream.statusCode() != 200) {
      closeQuietly(stream.body());
      if (stream.statusCode() == 404 || stream.statusCode() == 410 || stream.statusCode() == 403) {
        throw new NotFoundException();
      }
      throw new ServiceUnavailableException("plan-service answered " + stream.statusCode());
    }
    return Multi.createFrom().<Change>emitter(emitter -> {
      Thread reader = Thread.ofVirtual().name("plan-changes-" + planId).start(() -> relay(stream.body(), emitter));
      emitter.onTermination(() -> {
        closeQuietly(stream.body());
        reader.interrupt();
      });
    });
  }

  /** Reads the server-sent events: each plan event's id is its version; {@code reauthenticate} ends it. */
  private static void relay(InputStream body, MultiEmitter<? super Change> emitter) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String id = null;
      String name = null;
      for (String line = lines.readLine(); line != null && !emitter.isCancelled(); line = lines.readLine()) {
        if (line.startsWith("id:")) {
          id = line.substring(3).strip();
        } else if (line.startsWith("event:")) {
          name = line.substring(6).strip();
        } else if (line.isEmpty() && name != null) {
          if (name.equals("reauthenticate")) {
            break;
          }
          emitter.emit(name.equals("heartbeat") || id == null || !id.matches("\\d{1,18}")
              ? new Change.Heartbeat() : new Change.Changed(Long.parseLong(id)));
          id = null;
          name = null;
        }
      }
      emitter.complete();
    } catch (IOException closed) {
      emitter.complete(); // the browser left, or plan-service ended the connection
    }
  }

  private static void closeQuietly(InputStream body) {
    try {
      body.close();
    } catch (IOException ignored) {
      // closing a stream nobody reads any more
    }
  }
}
