package care.thoracic.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Keycloak (its server distribution, unpacked by the build into {@code testkit.keycloak.home})
 * in development mode on a free port, with the committed realm ({@code testkit.keycloak.realm},
 * {@code deploy/keycloak/care-realm.json}) imported afresh: the clinic's identity provider, for the
 * tests that log in through it. One per test JVM, started on first use (about a minute on two cores:
 * Keycloak builds itself on its first start, then starts), stopped when the JVM exits.
 */
public final class TestKeycloak {
  public static final String REALM = "care";
  /** The password of every user of the committed realm: it is for local development only. */
  public static final String DEV_PASSWORD = "dev-password";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The master realm's administrator of this test Keycloak, with a password of this JVM's own. */
  private static final String ADMIN = "admin";
  private static final String ADMIN_PASSWORD = "admin-" + UUID.randomUUID();
  private static TestKeycloak started;

  private final Process process;
  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private TestKeycloak(Process process, URI base) {
    this.process = process;
    this.base = base;
  }

  /** The JVM's Keycloak, started now if it is not yet running. */
  public static synchronized TestKeycloak get() {
    if (started == null) {
      try {
        started = start(Path.of(required("testkit.keycloak.home")), Path.of(required("testkit.keycloak.realm")));
      } catch (IOException e) {
        throw new IllegalStateException("Keycloak did not start: " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while Keycloak started", e);
      }
    }
    return started;
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null) {
      throw new IllegalStateException(property + " is not set: the module's build unpacks Keycloak and sets it");
    }
    return value;
  }

  private static TestKeycloak start(Path home, Path realm) throws IOException, InterruptedException {
    Path script = home.resolve("bin/kc.sh");
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException(script + " is missing: the build unpacks keycloak-quarkus-dist there");
    }
    script.toFile().setExecutable(true);
    // a fresh store and the committed realm: what an earlier run changed does not carry over
    LocalResources.deleteQuietly(home.resolve("data/h2"));
    Path imports = Files.createDirectories(home.resolve("data/import"));
    Files.copy(realm, imports.resolve("care-realm.json"), StandardCopyOption.REPLACE_EXISTING);
    int port = LocalResources.freePort();
    Path log = home.resolve("test-keycloak.log");
    ProcessBuilder builder = new ProcessBuilder(script.toString(), "start-dev", "--http-port=" + port,
        "--import-realm", "--hostname=http://localhost:" + port)
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("JAVA_OPTS_APPEND", "-Xmx512m");
    builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
    builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
    Process process = builder.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process), "test-keycloak-stop"));
    TestKeycloak keycloak = new TestKeycloak(process, URI.create("http://localhost:" + port));
    keycloak.awaitRealm(Duration.ofMinutes(4), log);
    return keycloak;
  }

  private void awaitRealm(Duration timeout, Path log) throws IOException, InterruptedException {
    URI discovery = URI.create(issuer() + "/.well-known/openid-configuration");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Keycloak exited: " + Files.readString(log));
      }
      try {
        if (http.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(500);
    }
    stop(process);
    throw new IllegalStateException("Keycloak's realm not served in " + timeout + ": " + Files.readString(log));
  }

  /** The realm's issuer, as its tokens' {@code iss} says. */
  public String issuer() {
    return base + "/realms/" + REALM;
  }

  /** The settings that make a service trust this Keycloak's tokens. */
  public Map<String, String> trustedBy() {
    return Map.of("care.auth.oidc.issuer", issuer());
  }

  /**
   * Lets the realm's client {@code clientId} send people back to {@code base} after they log in or
   * out (a web application on a port chosen at test time; the committed realm names the local one).
   */
  public synchronized void allowRedirectsTo(String clientId, URI base) {
    try {
      String admin = token(URI.create(this.base + "/realms/master/protocol/openid-connect/token"),
          Map.of("grant_type", "password", "client_id", "admin-cli", "username", ADMIN, "password", ADMIN_PASSWORD));
      URI clients = URI.create(this.base + "/admin/realms/" + REALM + "/clients");
      JsonNode found = JSON.readTree(send(HttpRequest.newBuilder(URI.create(clients + "?clientId=" + clientId))
          .header("Authorization", "Bearer " + admin).GET(), 200));
      ObjectNode client = (ObjectNode) found.get(0);
      String origin = base.toString().replaceAll("/+$", "");
      client.withArray("redirectUris").add(origin + "/*");
      client.withArray("webOrigins").add(origin);
      ObjectNode attributes = client.withObjectProperty("attributes");
      attributes.put("post.logout.redirect.uris", attributes.path("post.logout.redirect.uris").asText("")
          + (attributes.path("post.logout.redirect.uris").asText("").isEmpty() ? "" : "##") + origin + "/*");
      send(HttpRequest.newBuilder(URI.create(clients + "/" + client.path("id").asText()))
          .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(client))), 204);
    } catch (IOException e) {
      throw new IllegalStateException("Keycloak's admin API did not answer: " + e, e);
    }
  }

  private String send(HttpRequest.Builder request, int expected) throws IOException {
    try {
      HttpResponse<String> answer = http.send(request.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != expected) {
        throw new IllegalStateException("Keycloak answered " + answer.statusCode() + ": " + answer.body());
      }
      return answer.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String token(URI endpoint, Map<String, String> fields) throws IOException {
    String form = fields.entrySet().stream()
        .map(field -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return JSON.readTree(send(HttpRequest.newBuilder(endpoint).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)), 200)).path("access_token").asText();
  }

  /**
   * An access token for a user of the realm, as {@code ./care login} gets one: the password grant of
   * the {@code care-dev} client (local development only; people log in through the browser).
   */
  public String accessToken(String username) {
    return accessToken(username, "care-dev");
  }

  /** The same, issued to another client of the realm (e.g. Keycloak's own {@code admin-cli}). */
  public String accessToken(String username, String clientId) {
    try {
      return token(URI.create(issuer() + "/protocol/openid-connect/token"), Map.of("grant_type", "password",
          "client_id", clientId, "username", username, "password", DEV_PASSWORD));
    } catch (IOException e) {
      throw new IllegalStateException("Keycloak did not answer for " + username + ": " + e, e);
    }
  }


  private static void stop(Process process) {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
