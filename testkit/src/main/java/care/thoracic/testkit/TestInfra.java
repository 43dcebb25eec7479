package care.thoracic.testkit;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where integration tests get Kafka and MongoDB from. {@code embedded} (the default) runs a real
 * KRaft broker and a MongoDB wire-protocol server inside the test JVM; {@code containers} runs the
 * real products in Docker. Chosen by {@code -Dtestkit.infra} (the {@code containers} Maven
 * profile sets it) or the {@code TESTKIT_INFRA} environment variable.
 */
public enum TestInfra {
  EMBEDDED,
  CONTAINERS;

  public static final String PROPERTY = "testkit.infra";

  public static TestInfra current() {
    String chosen = System.getProperty(PROPERTY);
    if (chosen == null || chosen.isBlank() || chosen.startsWith("${")) {
      chosen = System.getenv("TESTKIT_INFRA");
    }
    if (chosen == null || chosen.isBlank()) {
      return EMBEDDED;
    }
    return valueOf(chosen.trim().toUpperCase(Locale.ROOT));
  }

  /** Null when this mode can run here, else why not (a skip reason). */
  public String unavailableReason() {
    if (this == CONTAINERS && !DockerProbe.available()) {
      return "testkit.infra=containers needs a Docker engine and none answers on this machine; "
          + "run without -Pcontainers to use the embedded broker and store";
    }
    return null;
  }

  /**
   * Asks the Docker engine itself ({@code GET /_ping} on {@code DOCKER_HOST} or the default socket).
   * Not through Testcontainers: under {@code @QuarkusTest} this runs in Quarkus' class loader, where
   * Testcontainers' service lookup fails.
   */
  static final class DockerProbe {
    private static Boolean available;

    static synchronized boolean available() {
      if (available == null) {
        available = ping();
      }
      return available;
    }

    private static boolean ping() {
      CompletableFuture<Boolean> answer = CompletableFuture.supplyAsync(DockerProbe::askEngine);
      try {
        return answer.get(3, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (ExecutionException | TimeoutException e) {
        answer.cancel(true);
        return false;
      }
    }

    private static boolean askEngine() {
      String host = System.getenv("DOCKER_HOST");
      String request = "GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n";
      try {
        if (host != null && host.startsWith("tcp://")) {
          URI uri = URI.create(host.replace("tcp://", "http://"));
          try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readNBytes(64), StandardCharsets.US_ASCII).contains(" 200 ");
          }
        }
        Path socketPath = Path.of(host != null && host.startsWith("unix://") ? host.substring(7) : "/var/run/docker.sock");
        if (!Files.exists(socketPath)) {
          return false;
        }
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socketPath))) {
          channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
          ByteBuffer response = ByteBuffer.allocate(64);
          channel.read(response);
          return new String(response.array(), 0, response.position(), StandardCharsets.US_ASCII).contains(" 200 ");
        }
      } catch (IOException | RuntimeException e) {
        return false;
      }
    }
  }
}
