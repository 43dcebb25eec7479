package care.thoracic.systemtests;

import care.thoracic.contracts.kafka.BrokerAccess;
import care.thoracic.devstack.CareApi.Service;
import care.thoracic.devstack.CareApi;
import care.thoracic.devstack.ConsumerGroups;
import care.thoracic.devstack.Journey;
import care.thoracic.devstack.TokenMinter;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.eventsourcing.testing.TestPatientKeys;
import care.thoracic.testkit.PackagedService;
import care.thoracic.testkit.TestKafka;
import care.thoracic.testkit.TestMongo;
import care.thoracic.testkit.Tokens;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The four services as they ship (their packaged jars, each in its own JVM) on the test kit's real
 * Kafka broker and MongoDB wire server, started once per test JVM and shared by the scenarios.
 * Each scenario is its own clinic; the services' clocks only move forward, so scenarios never
 * depend on a date, only on "today" as the services see it. A test that stops the broker or the
 * store starts a platform of its own on them ({@link #on}).
 */
final class RunningPlatform implements AutoCloseable {
  static final TokenMinter TOKENS = (role, clinic, subject) -> Tokens.token(clinic, subject, role).sign();
  private static final Map<Service, String> MODULES = Map.of(Service.TRIAGE, "triage-service",
      Service.PLAN, "plan-service", Service.PROGRESS, "progress-service", Service.REMINDER, "reminder-service");
  private static final Map<Service, String> DATABASES = Map.of(Service.TRIAGE, "triage", Service.PLAN, "plan",
      Service.PROGRESS, "progress", Service.REMINDER, "reminders");
  /** The one clinic with a webhook signing secret (given to reminder-service at start), and the secret. */
  static final String WEBHOOK_CLINIC = newClinic("webhooks");
  static final String WEBHOOK_SECRET = "whsec-" + UUID.randomUUID();
  private static RunningPlatform instance;

  private final String name;
  private final String bootstrapServers;
  private final String mongoUri;
  private final Map<Service, PackagedService> running = new EnumMap<>(Service.class);
  private final CareApi api;
  private final ConsumerGroups groups;
  private final MongoClient store;
  private final PatientPayloads payloads;

  private RunningPlatform(String name, String bootstrapServers, String mongoUri) {
    this.name = name;
    this.bootstrapServers = bootstrapServers;
    this.mongoUri = mongoUri;
    Map<Service, CompletableFuture<PackagedService>> starting = new EnumMap<>(Service.class);
    for (Service service : Service.values()) {
      starting.put(service, CompletableFuture.supplyAsync(() -> startService(service, Map.of(), null)));
    }
    Map<Service, URI> bases = new EnumMap<>(Service.class);
    Map<Service, URI> management = new EnumMap<>(Service.class);
    starting.forEach((service, started) -> {
      running.put(service, started.join());
      bases.put(service, started.join().base());
      management.put(service, started.join().management());
    });
    this.api = new CareApi(bases, management);
    this.groups = new ConsumerGroups(TestKafka.clientConfig(bootstrapServers, BrokerAccess.OPERATOR));
    this.store = MongoClients.create(mongoUri);
    this.payloads = TestPatientKeys.payloads(store);
  }

  /** The shared platform, on the test kit's broker and store. */
  static synchronized RunningPlatform get() {
    if (instance == null) {
      instance = new RunningPlatform("shared", TestKafka.bootstrapServers(), TestMongo.connectionString());
    }
    return instance;
  }

  /** A platform of its own on this broker and store (logs: target/{name}-*.log); close it when done. */
  static RunningPlatform on(String name, String bootstrapServers, String mongoUri) {
    return new RunningPlatform(name, bootstrapServers, mongoUri);
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  String mongoUri() {
    return mongoUri;
  }

  /** Opens what the services sealed with their patients' keys (the platform's key vault). */
  PatientPayloads payloads() {
    return payloads;
  }

  /** A clinic of its own for one scenario, e.g. {@code sys-poison-1a2b3c4d}: scenarios share the services. */
  static String newClinic(String name) {
    return "sys-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  Journey journey(String clinic, String patientId) {
    return new Journey(api, groups, TOKENS, clinic, patientId, line -> System.out.println("[" + clinic + "] " + line));
  }

  CareApi api() {
    return api;
  }

  ConsumerGroups groups() {
    return groups;
  }

  /** Every service's own consumer groups; plan-service's live-stream groups start from the newest event by design. */
  static boolean isServiceGroup(String group) {
    return group.matches("(triage|plan|progress|reminder)-service\\..*") && !group.startsWith("plan-service.stream-");
  }

  /**
   * Until every service group has committed every record of every topic it reads, as the topic was
   * when that group's turn came (one group after another: what is written later onto a topic whose
   * groups were already waited for is not waited for).
   */
  void awaitServiceGroupsCaughtUp(Duration patience) {
    try {
      for (String group : groups.groups(RunningPlatform::isServiceGroup)) {
        for (String topic : groups.topicsOf(group)) {
          groups.awaitCaughtUp(group, topic, patience);
        }
      }
    } catch (IllegalStateException behind) {
      dumpThreads();
      throw behind;
    }
  }

  /** Every service's threads, to target/{name}-{module}-threads.txt: where a consumer that stopped is stuck. */
  private void dumpThreads() {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    running.forEach((service, process) -> {
      try {
        Process dump = new ProcessBuilder(jcmd.toString(), String.valueOf(process.pid()), "Thread.print", "-l")
            .redirectErrorStream(true)
            .redirectOutput(Path.of("target", name + "-" + MODULES.get(service) + "-threads.txt").toFile())
            .start();
        if (!dump.waitFor(30, TimeUnit.SECONDS)) {
          dump.destroyForcibly();
        }
      } catch (IOException e) { // e.g. a runtime without jcmd: the failure itself is still reported
        System.err.println("no thread dump of " + service + ": " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  /**
   * Stops all four services, runs {@code whileStopped}, and starts them again on their ports with
   * their clocks where they were (the offsets are otherwise lost with the processes).
   */
  synchronized void restartAll(Runnable whileStopped, String opsToken) {
    Map<Service, String> offsets = new EnumMap<>(Service.class);
    for (Service service : Service.values()) {
      offsets.put(service, api.get(service, "/admin/clock", opsToken).path("offset").asText());
    }
    running.values().parallelStream().forEach(PackagedService::close);
    whileStopped.run();
    Map<Service, CompletableFuture<PackagedService>> starting = new EnumMap<>(Service.class);
    for (Service service : Service.values()) {
      starting.put(service, CompletableFuture.supplyAsync(() -> startService(service,
          Map.of("care.clock.offset", offsets.get(service)), running.get(service))));
    }
    starting.forEach((service, started) -> running.put(service, started.join()));
  }

  /** {@code kill -9} one service, and once {@code whileDown} is done, start it again as it was. */
  synchronized void crash(Service service, Runnable whileDown, String opsToken) throws InterruptedException {
    String offset = api.get(service, "/admin/clock", opsToken).path("offset").asText();
    PackagedService crashed = running.get(service);
    crashed.kill();
    whileDown.run();
    running.put(service, startService(service, Map.of("care.clock.offset", offset), crashed));
  }

  @Override
  public void close() {
    running.values().parallelStream().forEach(PackagedService::close);
    groups.close();
    store.close();
  }

  /** On free ports, or on those of {@code before} (null: free ones), where clients know it. */
  private PackagedService startService(Service service, Map<String, String> extra, PackagedService before) {
    String module = MODULES.get(service);
    Path jar = Path.of("..", module, "target", "quarkus-app", "quarkus-run.jar");
    try {
      Files.createDirectories(Path.of("target"));
      // as ./care runs them: adjustable clock, reviews and checks every second, offsets committed
      // often, webhooks and pushes to receivers on this machine; patients' keys kept in memory for
      // 5 s, so an erasure's second pass comes 6 s after the first rather than a minute
      Map<String, String> settings = new HashMap<>(Map.of(
          "care.clock.adjustable", "true",
          "plan.phase-review.every", "1s",
          "plan.work-queue.escalation-every", "1s",
          "progress.checks.every", "1s",
          "kafka.auto.commit.interval.ms", "100",
          "reminders.webhook.allow-internal-networks", "true",
          "reminders.push.allow-http-endpoints", "true",
          "care.crypto.key-cache-ttl", "5s",
          "reminders.webhook.secrets.\"" + WEBHOOK_CLINIC + "\"", WEBHOOK_SECRET));
      settings.putAll(extra);
      Map<String, String> config = PackagedService.on(module, bootstrapServers, mongoUri, DATABASES.get(service),
          settings);
      Path log = Path.of("target", name + "-" + module + ".log");
      return before == null ? PackagedService.start(jar, config, log)
          : PackagedService.start(jar, config, log, before.base().getPort(), before.management().getPort());
    } catch (Exception e) {
      throw new IllegalStateException(module + " did not start", e);
    }
  }
}
