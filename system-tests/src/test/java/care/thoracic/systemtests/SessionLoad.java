package care.thoracic.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.EventType;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.contracts.events.Topic;
import care.thoracic.devstack.CareApi.Answer;
import care.thoracic.devstack.CareApi.Service;
import care.thoracic.devstack.Journey;
import care.thoracic.testkit.TestEvents;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;

/**
 * Sessions logged by many patients at once from 8 app clients, for the fault tests: a fault is
 * injected once enough sessions are acknowledged, while the clients go on. A client retries what
 * got no answer or a server error with the same session id, as the app does, and every answer it
 * got other than 201/200 is tallied, so a test can say what clients saw during the fault.
 */
final class SessionLoad {
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * How long the session consumer may take to catch up once the load is over: as long as a killed
   * broker may take to recover its logs ({@link InfraProcess} allows three minutes), after which the
   * consumer still has to rejoin its group (once it was still 853 records behind after one minute).
   */
  private static final Duration CATCH_UP = Duration.ofMinutes(3);
  private final RunningPlatform platform;
  private final String clinic;
  private final List<Journey> patients = new ArrayList<>();
  private final List<String> plans = new ArrayList<>();
  private final LocalDate today;
  private final AtomicInteger acknowledged = new AtomicInteger();
  private final Map<String, AtomicInteger> refusedAttempts = new ConcurrentHashMap<>();

  /** A fault injected mid-load; it may block while the load goes on. */
  interface Fault {
    void inject() throws Exception;
  }

  /** {@code planCount} patients of a new clinic, each with a running plan and its progress view. */
  SessionLoad(RunningPlatform platform, String clinicName, int planCount) {
    this.platform = platform;
    this.clinic = RunningPlatform.newClinic(clinicName);
    LocalDate firstDay = null;
    for (int i = 0; i < planCount; i++) {
      Journey journey = platform.journey(clinic, "pat-" + i);
      if (firstDay == null) {
        firstDay = journey.tomorrowAt(LocalTime.of(10, 0));
      }
      journey.submitIntake(journey.mechanicalIntake(firstDay, 6));
      patients.add(journey);
    }
    this.today = firstDay;
    for (Journey journey : patients) {
      String planId = journey.awaitRunningPlan();
      journey.awaitProgress(planId);
      plans.add(planId);
    }
  }

  String clinic() {
    return clinic;
  }

  /**
   * Logs {@code sessions} sessions spread over the plans; once {@code faultAfter} are acknowledged,
   * injects the fault; returns when every session is acknowledged, with how many were at the fault.
   */
  int run(int sessions, int faultAfter, Fault fault) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(8);
    List<Future<?>> posts = new ArrayList<>();
    for (int n = 0; n < sessions; n++) {
      int plan = n % plans.size();
      Map<String, Object> session = Map.of("sessionId", UUID.randomUUID().toString(), "performedOn", today.toString(),
          "painBefore", 5, "painAfter", 4, "exercises", List.of(Map.of("exerciseId", "wall-angels", "sets", 2, "reps", 10)));
      posts.add(clients.submit(() -> {
        while (!post(plans.get(plan), patients.get(plan).patientToken(), session)) {
          Thread.sleep(100);
        }
        acknowledged.incrementAndGet();
        return null;
      }));
    }
    Journey.await(faultAfter + " sessions acknowledged",
        () -> Optional.of(acknowledged.get()).filter(n -> n >= faultAfter));
    int atFault = acknowledged.get();
    fault.inject();
    for (Future<?> post : posts) {
      post.get();
    }
    clients.shutdown();
    assertThat(acknowledged.get()).isEqualTo(sessions);
    return atFault;
  }

  /** Attempts that were not acknowledged, by what the client got: e.g. {@code "no answer"}, {@code "503 …/store-unavailable"}. */
  Map<String, Integer> refusedAttempts() {
    Map<String, Integer> tally = new TreeMap<>();
    refusedAttempts.forEach((answer, count) -> tally.put(answer, count.get()));
    return tally;
  }

  /**
   * Waits until the progress views count at least {@code expected} sessions, and returns their sum.
   * The views are fed from {@code care.session.v1}: every acknowledged session is waited for there
   * first (after a fault, many are still in progress-service's outbox), then the consumer, without a
   * request meanwhile (each read is an audited access, and a read of every plan ten times a second
   * competed with the very consumer it waited for).
   */
  int awaitCountedInProgress(int expected) {
    Journey.await(expected + " sessions on " + Topic.SESSION.topicName(), CATCH_UP, () -> Optional.of(
        sessionIdsOnKafka().stream().distinct().count()).filter(published -> published >= expected));
    platform.groups().awaitCaughtUp("progress-service.sessions", Topic.SESSION.topicName(), CATCH_UP);
    AtomicInteger lastSum = new AtomicInteger();
    try {
      return Journey.await(expected + " sessions in the progress views", () -> {
        int sum = 0;
        for (int i = 0; i < plans.size(); i++) {
          sum += patients.get(i).progress(plans.get(i)).path("sessionsLogged").asInt();
        }
        lastSum.set(sum);
        return sum >= expected ? Optional.of(sum) : Optional.empty();
      });
    } catch (IllegalStateException notInTime) {
      throw new AssertionError("the progress views count " + lastSum.get() + " of " + expected + " sessions", notInTime);
    }
  }

  /** The session id of every {@code SessionLogged} record of this clinic on Kafka (a session may come twice). */
  List<String> sessionIdsOnKafka() {
    return TestEvents.published(platform.bootstrapServers(), Topic.SESSION, Tenant.of(clinic), platform.payloads()).stream()
        .map(envelope -> ((SessionLogged) envelope.event()).sessionId().toString()).toList();
  }

  /** The session id of every {@code SessionLogged} event of this clinic in progress-service's event store. */
  List<String> sessionIdsInEventStore() throws Exception {
    List<String> ids = new ArrayList<>();
    try (MongoClient client = MongoClients.create(platform.mongoUri())) {
      for (Document commit : client.getDatabase("progress").getCollection("event_commits")
          .find(Filters.eq("tenant", clinic))) {
        for (Document event : commit.getList("events", Document.class)) {
          if (EventType.SESSION_LOGGED.ceType().equals(event.getString("type"))) {
            String json = platform.payloads().open(Tenant.of(clinic), PatientId.of(event.getString("patientId")),
                EventType.SESSION_LOGGED, UUID.fromString(event.getString("eventId")), event.getString("payload"));
            ids.add(JSON.readTree(json).path("sessionId").asText());
          }
        }
      }
    }
    return ids;
  }

  /** One attempt; false when it got no answer or a server error (the app tries again, same id). */
  private boolean post(String planId, String token, Map<String, Object> session) {
    try {
      Answer answer = platform.api().exchange(Service.PROGRESS, "POST", "/plans/" + planId + "/sessions", token,
          session, Map.of());
      if (answer.status() == 201 || answer.status() == 200) {
        return true;
      }
      assertThat(answer.status()).as(answer.body()).isGreaterThanOrEqualTo(500);
      String type = answer.status() + " " + JSON.readTree(answer.body()).path("type").asText(answer.contentType());
      refusedAttempts.computeIfAbsent(type, t -> new AtomicInteger()).incrementAndGet();
      return false;
    } catch (UncheckedIOException notReachable) {
      refusedAttempts.computeIfAbsent("no answer", t -> new AtomicInteger()).incrementAndGet();
      return false;
    } catch (JsonProcessingException unreadable) {
      throw new AssertionError("a server error without problem details", unreadable);
    }
  }
}
