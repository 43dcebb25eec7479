package care.thoracic.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.Topic;
import care.thoracic.contracts.kafka.BrokerAccess;
import care.thoracic.devstack.CareApi.Service;
import care.thoracic.devstack.ConsumerGroups;
import care.thoracic.devstack.Journey;
import care.thoracic.testkit.TestEvents;
import care.thoracic.testkit.TestKafka;
import care.thoracic.testkit.Tokens;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Erasure by crypto-shredding, proven with canaries: unique strings planted in a patient's intake,
 * session notes and reminder preferences, the patient erased, then every collection of every database on
 * the store and every record of every topic and dead-letter topic read for them. On a platform of
 * its own, since it also rewinds every consumer group (as a projection rebuild would) and scans
 * everything the platform holds.
 */
class ErasureCanaryTest {
  private static final Duration PATIENCE = Duration.ofSeconds(150);
  /** Where an erased patient's id may stay: their sealed events (for routing), who saw them, their tombstone. */
  private static final Set<String> MAY_NAME_THE_ERASED = Set.of("event_commits", "access_log", "patient_keys");
  private static PlatformOfItsOwn own;
  private static RunningPlatform platform;

  @BeforeAll
  static void startBrokerStoreAndServices() throws Exception {
    own = PlatformOfItsOwn.start("erasure");
    platform = own.platform();
  }

  @AfterAll
  static void stopAll() throws Exception {
    if (own != null) {
      own.close();
    }
  }

  @Test
  void an_erased_patients_canaries_are_nowhere_and_the_other_patient_is_unchanged_after_a_rebuild() {
    String clinic = RunningPlatform.WEBHOOK_CLINIC; // a clinic with a webhook secret: preferences may name a URL
    String noteCanary = "canary-note-" + UUID.randomUUID();
    String intakeCanary = "canary-intake-" + UUID.randomUUID();
    String urlCanary = "canary-url-" + UUID.randomUUID().toString().substring(0, 8);
    Journey erased = platform.journey(clinic, "pat-erased-" + UUID.randomUUID().toString().substring(0, 6));
    Journey kept = platform.journey(clinic, "pat-kept-" + UUID.randomUUID().toString().substring(0, 6));
    String erasedPlan = startWithSession(erased, "Started after a long flight " + intakeCanary,
        "Sore after gardening " + noteCanary);
    String keptPlan = startWithSession(kept, "Desk job, worse by Friday.", "Felt looser after the second set.");
    platform.api().put(Service.REMINDER, "/patients/" + erased.patientId() + "/reminder-preferences",
        erased.patientToken(), Map.of("channel", "WEBHOOK", "webhookUrl", "http://127.0.0.1:9/hooks/" + urlCanary));
    // late evening, inside quiet hours: nothing comes due while the services are down for the rebuild, so
    // the other patient's reminders are the same before and after it (as in RedeliveryTest)
    kept.moveClocksTo(kept.today().plusDays(1), LocalTime.of(22, 30));
    platform.api().put(Service.REMINDER, "/patients/" + kept.patientId() + "/reminder-preferences",
        kept.patientToken(), Map.of("channel", "INBOX"));
    platform.awaitServiceGroupsCaughtUp(PATIENCE);

    try (MongoClient client = MongoClients.create(platform.mongoUri())) { // to show the scan finds a canary
      client.getDatabase("canary-control").getCollection("planted").insertOne(new Document("note", noteCanary));
      Map<String, Long> before = occurrences(noteCanary, urlCanary, intakeCanary);
      client.getDatabase("canary-control").drop();
      assertThat(before).as("before the erasure the scan finds only the copy planted for it: the patient's note and "
          + "webhook URL are sealed wherever the platform keeps them, in its store and on the broker")
          .containsOnlyKeys("store canary-control/planted");
    }
    Map<String, String> keptBefore = whatTheClinicSees(kept, keptPlan);

    String admin = Tokens.clinicAdmin(clinic, "admin-erasure");
    platform.api().post(Service.PLAN, "/patients/" + erased.patientId() + "/erasure", admin,
        Map.of("ground", "CONSENT_WITHDRAWN"), 200);
    // each service acknowledges an erasure only after its second pass, once every cached key expired
    for (String service : List.of("triage", "plan", "progress", "reminder")) {
      platform.groups().awaitCaughtUp(service + "-service.erasures", Topic.ERASURE.topicName(), PATIENCE);
    }
    platform.awaitServiceGroupsCaughtUp(PATIENCE);

    assertThat(occurrences(noteCanary, urlCanary, intakeCanary)).as("canaries left anywhere after the erasure").isEmpty();
    assertErasedEverywhere(erased, erasedPlan);
    assertThat(documentsNaming(erased.patientId())).as("documents still naming the erased patient").isEmpty();

    // a rebuild: every service group rewound, every event delivered again
    ConsumerGroups groups = platform.groups();
    List<String> rewound = groups.groups(RunningPlatform::isServiceGroup);
    platform.restartAll(() -> rewound.forEach(groups::rewind), Tokens.ops(clinic, "ops"));
    platform.awaitServiceGroupsCaughtUp(PATIENCE);

    assertThat(whatTheClinicSees(kept, keptPlan)).as("the other patient, after the rebuild").isEqualTo(keptBefore);
    assertThat(occurrences(noteCanary, urlCanary, intakeCanary)).as("canaries after the rebuild").isEmpty();
    assertThat(documentsNaming(erased.patientId())).as("the rebuild brought nothing of the erased patient back")
        .isEmpty();
    assertErasedEverywhere(erased, erasedPlan);
  }

  private static String startWithSession(Journey journey, String intakeNotes, String note) {
    LocalDate onset = journey.tomorrowAt(LocalTime.of(9, 30));
    journey.submitIntake(journey.mechanicalIntake(onset, 6).put("notes", intakeNotes));
    String planId = journey.awaitRunningPlan();
    journey.awaitProgress(planId);
    platform.api().post(Service.PROGRESS, "/plans/" + planId + "/sessions", journey.patientToken(), Map.of(
        "sessionId", UUID.randomUUID().toString(), "performedOn", onset.toString(), "painBefore", 5, "painAfter", 4,
        "exercises", List.of(Map.of("exerciseId", "diaphragmatic-breathing", "sets", 3, "reps", 10)),
        "symptoms", List.of(), "note", note), 201);
    return planId;
  }

  private static void assertErasedEverywhere(Journey erased, String planId) {
    String clinician = erased.clinicianToken();
    String patient = erased.patientId();
    Map<Service, String> reads = new LinkedHashMap<>();
    reads.put(Service.TRIAGE, "/patients/" + patient + "/triage");
    reads.put(Service.PLAN, "/patients/" + patient + "/plan");
    reads.put(Service.PROGRESS, "/plans/" + planId + "/progress");
    reads.put(Service.REMINDER, "/patients/" + patient + "/reminder-preferences");
    reads.forEach((service, path) -> {
      for (String token : List.of(clinician, erased.patientToken())) {
        int status = platform.api().exchange(service, "GET", path, token, null, Map.of()).status();
        assertThat(status).as(service + " " + path).isIn(404, 410);
      }
    });
  }

  /** Where each canary still appears: "store db/collection" or "topic name", with how many times. */
  private static Map<String, Long> occurrences(String... canaries) {
    Map<String, Long> found = new LinkedHashMap<>();
    try (MongoClient client = MongoClients.create(platform.mongoUri())) {
      for (String database : client.listDatabaseNames()) {
        MongoDatabase db = client.getDatabase(database);
        for (String collection : db.listCollectionNames()) {
          for (Document doc : db.getCollection(collection).find()) {
            String json = doc.toJson();
            for (String canary : canaries) {
              if (json.contains(canary)) {
                found.merge("store " + database + "/" + collection, 1L, Long::sum);
              }
            }
          }
        }
      }
    }
    Map<String, Object> config = TestKafka.clientConfig(platform.bootstrapServers(), BrokerAccess.OPERATOR);
    List<String> topics = new ArrayList<>();
    for (Topic topic : Topic.values()) {
      topics.add(topic.topicName());
      topics.add(topic.deadLetterTopicName());
    }
    try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      for (String topic : topics) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            String all = text(record.key()) + text(record.value());
            for (Header header : record.headers()) {
              all += text(header.value());
            }
            for (String canary : canaries) {
              if (all.contains(canary)) {
                found.merge("topic " + topic, 1L, Long::sum);
              }
            }
          }
        }
      }
    }
    return found;
  }

  /** Documents outside the event store, the access log and the key vault that mention the patient's id. */
  private static Map<String, Long> documentsNaming(String patientId) {
    Map<String, Long> found = new LinkedHashMap<>();
    try (MongoClient client = MongoClients.create(platform.mongoUri())) {
      for (String database : client.listDatabaseNames()) {
        MongoDatabase db = client.getDatabase(database);
        for (String collection : db.listCollectionNames()) {
          if (MAY_NAME_THE_ERASED.contains(collection)) {
            continue;
          }
          for (Document doc : db.getCollection(collection).find()) {
            if (doc.toJson().contains("\"" + patientId + "\"") || doc.toJson().contains(":" + patientId + "\"")) {
              found.merge(database + "/" + collection, 1L, Long::sum);
            }
          }
        }
      }
    }
    return found;
  }

  private static String text(byte[] bytes) {
    return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
  }

  /** Until every service group has processed every record (the erasure groups after their second pass). */
  private static Map<String, String> whatTheClinicSees(Journey journey, String planId) {
    String clinician = journey.clinicianToken();
    Map<String, String> seen = new LinkedHashMap<>();
    seen.put("plan", journey.plan(planId).toString());
    seen.put("history", journey.planHistory(planId).toString());
    seen.put("progress", journey.progress(planId).toString());
    seen.put("reminders", journey.reminders(null).toString());
    seen.put("triages", platform.api().get(Service.TRIAGE, "/patients/" + journey.patientId() + "/triage", clinician)
        .toString());
    seen.put("preferences", platform.api().get(Service.REMINDER, "/patients/" + journey.patientId()
        + "/reminder-preferences", journey.patientToken()).toString());
    seen.put("sessions on the broker", String.valueOf(TestEvents.published(platform.bootstrapServers(), Topic.SESSION,
        Tenant.of(journey.clinic()), platform.payloads()).stream()
        .filter(event -> event.event().patientId().value().equals(journey.patientId())).count()));
    return seen;
  }
}
