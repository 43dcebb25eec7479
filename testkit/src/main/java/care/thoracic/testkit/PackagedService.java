package care.thoracic.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service as it ships (its packaged Quarkus jar) in its own JVM on a free port, its health and
 * metrics on another ({@link #management}), for the benchmarks and system tests. It is stopped when
 * the JVM that started it exits.
 */
public final class PackagedService implements AutoCloseable {
  private final Process process;
  private final URI base;
  private final URI management;

  private PackagedService(Process process, URI base, URI management) {
    this.process = process;
    this.base = base;
    this.management = management;
  }

  public static PackagedService start(Path jar, Map<String, String> config, Path log) throws Exception {
    Files.deleteIfExists(log);
    return start(jar, config, log, LocalResources.freePort(), LocalResources.freePort());
  }

  /** On given ports, its log continued: to start a stopped service again where its clients know it. */
  public static PackagedService start(Path jar, Map<String, String> config, Path log, int port, int managementPort)
      throws Exception {
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: build the service first (./mvnw package -DskipTests)");
    }
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m"));
    command.addAll(shippedJvmOptions(jar));
    command.add("-Dquarkus.http.port=" + port);
    command.add("-Dquarkus.management.port=" + managementPort);
    String extra = System.getenv("SERVICE_JVM_ARGS"); // e.g. -XX:StartFlightRecording=filename=service.jfr to profile
    if (extra != null && !extra.isBlank()) {
      command.addAll(List.of(extra.trim().split("\\s+")));
    }
    Map<String, String> environment = new LinkedHashMap<>();
    config.forEach((key, value) -> {
      // a secret (a broker password, the VAPID private key, the key-encryption key): in the
      // environment, not on a command line anyone may list
      if (key.contains("jaas") || key.contains("private-key") || key.equals("care.crypto.kek")) {
        environment.put(key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"), value);
      } else {
        command.add("-D" + key + "=" + value);
      }
    });
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    Process process = builder.start();
    // an interrupted run must not leave the service running against a broker and store that are gone
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "packaged-service-stop"));
    PackagedService service = new PackagedService(process, URI.create("http://127.0.0.1:" + port),
        URI.create("http://127.0.0.1:" + managementPort));
    service.awaitReady(Duration.ofSeconds(90), log);
    return service;
  }

  public URI base() {
    return base;
  }

  /** Where its health and metrics are ({@code /q/health}, {@code /q/metrics}): not on {@link #base}. */
  public URI management() {
    return management;
  }

  private void awaitReady(Duration timeout, Path log) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("service exited: " + Files.readString(log));
      }
      try {
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(management.resolve("/q/health/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(200);
    }
    close();
    throw new IllegalStateException("service not ready in " + timeout + ": " + Files.readString(log));
  }

  /** The service's process id, e.g. to read its memory from {@code /proc}. */
  public long pid() {
    return process.pid();
  }

  /** {@code kill -9}: no shutdown hook, no graceful leave, whatever was in flight is cut. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) { // leaving its consumer groups takes a few seconds per channel
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The settings that point {@code service} at the test kit's broker (as its own principal) and store
   * and its test tokens, with its own database (and reminder-service at the test VAPID key pair), plus
   * any others.
   */
  public static Map<String, String> onTestInfra(String service, String database, Map<String, String> extra)
      throws IOException {
    return on(service, TestKafka.bootstrapServers(), TestMongo.connectionString(), database, extra);
  }

  /** The same on another broker and store, e.g. ones a test stops and starts again. */
  public static Map<String, String> on(String service, String bootstrapServers, String mongoUri, String database,
      Map<String, String> extra) throws IOException {
    Map<String, String> config = new LinkedHashMap<>(TestKafka.quarkusConfig(bootstrapServers, service));
    config.putAll(Map.of(
        "quarkus.mongodb.connection-string", mongoUri,
        "mp.jwt.verify.publickey.location", testKeyFile().toUri().toString(),
        "mp.jwt.verify.issuer", Tokens.ISSUER,
        "care.store.database", database));
    config.putAll(TestKek.config());
    if (service.equals("reminder-service")) {
      config.putAll(TestVapidKeys.config()); // it pushes, with the test JVM's own pair
    }
    config.putAll(extra);
    return config;
  }

  /** The testkit's public key as a file, for a service outside the test class path. */
  public static Path testKeyFile() throws IOException {
    Path file = Files.createTempFile("testkit-public-key", ".pem");
    try (InputStream in = PackagedService.class.getClassLoader()
        .getResourceAsStream(Tokens.PUBLIC_KEY_LOCATION)) {
      Files.write(file, in.readAllBytes());
    }
    file.toFile().deleteOnExit();
    return file;
  }

  /**
   * The JVM options the services ship with ({@code deploy/service-jvm.options} of the checkout that
   * built {@code jar}), and the jar's ahead-of-time cache where its build made one: as {@code ./care
   * up} runs them and the Kubernetes manifests say.
   */
  public static List<String> shippedJvmOptions(Path jar) throws IOException {
    Path app = jar.toAbsolutePath().normalize().getParent(); // <module>/target/quarkus-app
    Path file = app.getParent().getParent().getParent().resolve("deploy").resolve("service-jvm.options");
    if (!Files.exists(file)) {
      throw new IllegalStateException(file + " is missing: " + jar + " is not in a checkout of this platform");
    }
    List<String> options = new ArrayList<>(Files.readAllLines(file).stream().map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList());
    Path cache = app.resolve("app.aot");
    if (Files.exists(cache)) {
      options.add("-XX:AOTCache=" + cache);
    }
    return options;
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
