package care.thoracic.web.backend;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
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

/**
 * Follows a service's live stream (a plan's changes at plan-service, a patient's feed at
 * reminder-service) with the person's own token and tells the page only that something changed and
 * its number (the plan's version, the feed entry's sequence): the page then fetches what it shows
 * again, so nothing of the event's content passes through here. The stream ends when the service ends
 * it (the token expired, it said {@code reauthenticate}); the browser's EventSource reconnects through
 * this application, whose session has a fresh token by then.
 */
public final class ServiceStream {
  /** What the page is told: now at {@code number}; a heartbeat keeps idle proxies from closing. */
  public sealed interface Change {
    record Changed(long number) implements Change {}

    record Heartbeat() implements Change {}
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private ServiceStream() {}

  /**
   * The stream at {@code path} as the page's events: {@code changed} with the number as id and data
   * (a reconnecting EventSource sends it back as {@code Last-Event-ID}), and heartbeat comments.
   */
  public static Multi<OutboundSseEvent> relay(URI service, String path, String accessToken, Sse sse) {
    return follow(service, path, accessToken).map(change -> switch (change) {
      case Change.Changed changed -> sse.newEventBuilder().name("changed")
          .id(Long.toString(changed.number())).data(Long.toString(changed.number())).build();
      case Change.Heartbeat beat -> sse.newEventBuilder().comment("heartbeat").build();
    });
  }

  /** Where a page's stream resumes: after its {@code Last-Event-ID} when it reconnects, else after {@code after}. */
  public static long position(String lastEventId, String after) {
    String position = lastEventId != null && lastEventId.matches("\\d{1,18}") ? lastEventId : after;
    return position != null && position.matches("\\d{1,18}") ? Long.parseLong(position) : 0;
  }

  /**
   * Opens the stream at {@code path} of {@code service} (a 404 for what the person may not see, a 503
   * when the service does not answer) and relays it from a virtual thread until either side ends.
   */
  static Multi<Change> follow(URI service, String path, String accessToken) {
    HttpResponse<InputStream> stream;
    try {
      stream = HTTP.send(HttpRequest.newBuilder(service.resolve(path))
          .header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken).header(HttpHeaders.ACCEPT, "text/event-stream")
          .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new ServiceUnavailableException(service + " did not answer");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceUnavailableException("interrupted");
    }
    if (stream.statusCode() != 200) {
      closeQuietly(stream.body());
      if (stream.statusCode() == 404 || stream.statusCode() == 410 || stream.statusCode() == 403) {
        throw new NotFoundException();
      }
      throw new ServiceUnavailableException(service + " answered " + stream.statusCode());
    }
    return Multi.createFrom().<Change>emitter(emitter -> {
      Thread reader = Thread.ofVirtual().name("service-stream").start(() -> relay(stream.body(), emitter));
      emitter.onTermination(() -> {
        closeQuietly(stream.body());
        reader.interrupt();
      });
    });
  }

  /** Reads the server-sent events: each event's id is its number; {@code reauthenticate} ends it. */
  private static void relay(InputStream body, MultiEmitter<? super Change> emitter) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String id = null;
      String name = null;
      for (String line = lines.readLine(); line != null && !emitter.isCancelled(); line = lines.readLine()) {
        if (line.startsWith("id:")) {
          id = line.substring(3).strip();
        } else if (line.startsWith("event:")) {
          name = line.substring(6).strip();
        } else if (line.isEmpty() && (name != null || id != null)) { // an event ends; unnamed ones are "message"
          if ("reauthenticate".equals(name)) {
            break;
          }
          emitter.emit("heartbeat".equals(name) || id == null || !id.matches("\\d{1,18}")
              ? new Change.Heartbeat() : new Change.Changed(Long.parseLong(id)));
          id = null;
          name = null;
        }
      }
      emitter.complete();
    } catch (IOException closed) {
      emitter.complete(); // the browser left, or the service ended the connection
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
