package care.thoracic.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A clinic's webhook receiver on this machine, as a clinic would run one: it checks each delivery's
 * signature with the clinic's secret, answers 204 after {@code delay} (a receiver that takes its
 * time, so a test can catch the dispatcher mid-batch), and records every delivery in order.
 */
final class WebhookReceiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One POST as received: its reminder id (header), the attempt (body), and whether the signature held. */
  record Delivery(String reminderId, int attempt, boolean signed) {}

  private final HttpServer server;
  private final String secret;
  private final Duration delay;
  private final ConcurrentLinkedQueue<Delivery> deliveries = new ConcurrentLinkedQueue<>();

  private WebhookReceiver(HttpServer server, String secret, Duration delay) {
    this.server = server;
    this.secret = secret;
    this.delay = delay;
  }

  static WebhookReceiver start(String secret, Duration delay) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    WebhookReceiver receiver = new WebhookReceiver(server, secret, delay);
    server.createContext("/reminders", receiver::receive);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
    return receiver;
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/reminders");
  }

  List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  private void receive(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String timestamp = exchange.getRequestHeaders().getFirst("X-Care-Timestamp");
      String signature = exchange.getRequestHeaders().getFirst("X-Care-Signature");
      JsonNode reminder = JSON.readTree(body);
      deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("X-Care-Reminder-Id"),
          reminder.path("attempt").asInt(), ("sha256=" + hmac(timestamp + "." + body)).equals(signature)));
      Thread.sleep(delay);
      exchange.sendResponseHeaders(204, -1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String hmac(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
