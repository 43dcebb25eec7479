package care.thoracic.eventsourcing;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import care.thoracic.contracts.CareJson;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientErasedException;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.ExerciseLog;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.eventsourcing.crypto.KeyEncryptionKey;
import care.thoracic.eventsourcing.crypto.PatientKeys;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.eventsourcing.crypto.Seal;
import care.thoracic.eventsourcing.store.Commit;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.eventsourcing.store.StreamHead;
import care.thoracic.eventsourcing.testing.TestPatientKeys;
import care.thoracic.eventsourcing.time.AdjustableClock;
import care.thoracic.testkit.RequiresTestInfra;
import care.thoracic.testkit.TestKek;
import care.thoracic.testkit.TestMongo;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.SecretKey;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** Events sealed with their patient's key at rest; destroying the key erases the patient from the log. */
@RequiresTestInfra
class CryptoShreddingTest {
  private final MongoDatabase database = Kit.freshDatabase();
  private final EventStore store = Kit.store(database);
  private final Tenant clinic = Kit.freshTenant();
  private final String canary = "canary-" + UUID.randomUUID();

  @Test
  void a_session_note_is_stored_sealed_and_loads_back_in_the_clear() {
    UUID plan = UUID.randomUUID();
    store.append(StreamHead.newStream(clinic, "progress-" + plan), List.of(session(plan, "pat-1", canary)), Kit.BY_TEST);

    Document stored = commits().find(eq("tenant", clinic.id())).first();
    assertThat(stored.toJson()).doesNotContain(canary).doesNotContain("diaphragmatic");
    Document event = stored.getList("events", Document.class).getFirst();
    assertThat(event.getString("payload")).startsWith("sealed:v1:");
    assertThat(event.getString("patientId")).as("identifiers stay readable for routing").isEqualTo("pat-1");
    assertThat(((SessionLogged) store.load(clinic, "progress-" + plan).events().getFirst().event()).note())
        .isEqualTo(canary);
  }

  @Test
  void a_commit_stored_in_the_clear_before_sealing_existed_still_loads_and_the_stream_goes_on_sealed()
      throws Exception {
    UUID plan = UUID.randomUUID();
    String stream = "progress-" + plan;
    commits().insertOne(oldShapeCommit(stream, plan, "pat-old", "written before sealing"));

    StreamHead head = store.load(clinic, stream).head();
    assertThat(((SessionLogged) store.load(clinic, stream).events().getFirst().event()).note())
        .isEqualTo("written before sealing");
    store.append(head, List.of(session(plan, "pat-old", canary)), Kit.BY_TEST);
    assertThat(store.load(clinic, stream).events()).extracting(e -> ((SessionLogged) e.event()).note())
        .containsExactly("written before sealing", canary);
  }

  @Test
  void commits_stored_in_the_clear_are_sealed_in_place_once_and_an_erased_patients_become_unreadable()
      throws Exception {
    UUID keptPlan = UUID.randomUUID();
    UUID erasedPlan = UUID.randomUUID();
    commits().insertOne(oldShapeCommit("progress-" + keptPlan, keptPlan, "pat-old-kept", canary + "-kept"));
    commits().insertOne(oldShapeCommit("progress-" + erasedPlan, erasedPlan, "pat-old-erased", canary + "-erased"));
    List<EventEnvelope<CareEvent>> before = store.load(clinic, "progress-" + keptPlan).events();
    Kit.KEYS.destroy(clinic, PatientId.of("pat-old-erased"));
    assertThatThrownBy(() -> store.load(clinic, "progress-" + erasedPlan))
        .as("an erased patient's clear events are refused even before they are sealed")
        .isInstanceOf(PatientErasedException.class);

    assertThat(store.sealClearCommits()).isEqualTo(2);

    for (Document stored : commits().find(eq("tenant", clinic.id()))) {
      assertThat(stored.toJson()).doesNotContain(canary);
      assertThat(stored.getList("events", Document.class)).allSatisfy(event -> {
        assertThat(event.getString("payload")).startsWith("sealed:v1:");
        assertThat(event.getString("patientId")).startsWith("pat-old-");
      });
    }
    assertThat(store.load(clinic, "progress-" + keptPlan).events()).isEqualTo(before);
    assertThatThrownBy(() -> store.load(clinic, "progress-" + erasedPlan)).isInstanceOf(PatientErasedException.class);
    commits().insertOne(oldShapeCommit("progress-" + UUID.randomUUID(), keptPlan, "pat-old-late", "late"));
    assertThat(store.sealClearCommits()).as("done once per store").isZero();
  }

  @Test
  void a_store_larger_than_one_reply_of_the_driver_is_sealed_batch_by_batch() throws Exception {
    // 600 sealed commits of 100 KB: more than the driver takes in one reply (48 MB); the embedded store (./care up)
    // answers a find that names no batch size in one reply, where MongoDB sends batches of at most 16 MB
    String filler = "sealed:v1:" + "x".repeat(100_000);
    for (int i = 0; i < 600; i++) {
      commits().insertOne(new Document("_id", "large-" + i).append("tenant", clinic.id()).append("events",
          List.of(new Document("patientId", "pat-large").append("payload", filler))));
    }
    UUID plan = UUID.randomUUID();
    commits().insertOne(oldShapeCommit("progress-" + plan, plan, "pat-old-among-large", canary));

    assertThat(store.sealClearCommits()).isEqualTo(1);
    assertThat(store.load(clinic, "progress-" + plan).events()).extracting(e -> ((SessionLogged) e.event()).note())
        .containsExactly(canary);
  }

  @Test
  void an_erased_patient_no_longer_loads_replays_or_appends_and_the_others_are_untouched() {
    UUID erasedPlan = UUID.randomUUID();
    UUID keptPlan = UUID.randomUUID();
    store.append(StreamHead.newStream(clinic, "progress-" + erasedPlan), List.of(session(erasedPlan, "pat-gone", canary)),
        Kit.BY_TEST);
    StreamHead kept = store.append(StreamHead.newStream(clinic, "progress-" + keptPlan),
        List.of(session(keptPlan, "pat-kept", "still here")), Kit.BY_TEST).head();
    PatientId gone = PatientId.of("pat-gone");

    assertThat(Kit.KEYS.destroy(clinic, gone)).isTrue();
    assertThat(Kit.KEYS.destroy(clinic, gone)).as("idempotent").isFalse();

    assertThatThrownBy(() -> store.load(clinic, "progress-" + erasedPlan)).isInstanceOf(PatientErasedException.class);
    assertThatThrownBy(() -> store.append(StreamHead.newStream(clinic, "progress-" + UUID.randomUUID()),
        List.of(session(erasedPlan, "pat-gone", "new")), Kit.BY_TEST)).isInstanceOf(PatientErasedException.class);
    List<String> replayed = new ArrayList<>();
    long skipped = store.replay(commit -> replayed.add(commit.streamId()));
    assertThat(skipped).isEqualTo(1);
    assertThat(replayed).containsExactly("progress-" + keptPlan);
    assertThat(store.load(clinic, "progress-" + keptPlan).events()).extracting(e -> ((SessionLogged) e.event()).note())
        .containsExactly("still here");
    store.append(kept, List.of(session(keptPlan, "pat-kept", "later")), Kit.BY_TEST);

    // another instance, with nothing cached, sees the erasure too; no key is ever made again
    PatientKeys elsewhere = keys(TestKek.base64());
    assertThat(elsewhere.isErased(clinic, gone)).isTrue();
    assertThatThrownBy(() -> elsewhere.keyFor(clinic, gone)).isInstanceOf(PatientErasedException.class);
    assertThat(elsewhere.isErased(clinic, PatientId.of("pat-kept"))).isFalse();
  }

  @Test
  void a_commit_not_yet_published_when_its_patient_is_erased_is_never_published() {
    UUID plan = UUID.randomUUID();
    store.append(StreamHead.newStream(clinic, "progress-" + plan), List.of(session(plan, "pat-unsent", canary)),
        Kit.BY_TEST);
    assertThat(store.pending(100)).extracting(Commit::streamId).contains("progress-" + plan);

    Kit.KEYS.destroy(clinic, PatientId.of("pat-unsent"));

    assertThat(store.pending(100)).extracting(Commit::streamId).doesNotContain("progress-" + plan);
    assertThat(commits().find(eq("streamId", "progress-" + plan)).first().containsKey("pending")).isFalse();
  }

  @Test
  void instances_racing_to_make_a_patients_first_key_end_with_one_key() throws Exception {
    PatientId patient = PatientId.of("pat-race");
    List<PatientKeys> instances = List.of(keys(TestKek.base64()), keys(TestKek.base64()), keys(TestKek.base64()),
        keys(TestKek.base64()));
    ExecutorService pool = Executors.newFixedThreadPool(instances.size());
    try {
      List<Future<SecretKey>> made = new ArrayList<>();
      for (PatientKeys instance : instances) {
        made.add(pool.submit((Callable<SecretKey>) () -> instance.keyFor(clinic, patient)));
      }
      byte[] first = made.getFirst().get().getEncoded();
      for (Future<SecretKey> each : made) {
        assertThat(each.get().getEncoded()).isEqualTo(first);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(TestMongo.client().getDatabase(PatientKeys.DEFAULT_DATABASE).getCollection(PatientKeys.COLLECTION)
        .countDocuments(eq("_id", clinic.id() + ":pat-race"))).isEqualTo(1);
  }

  @Test
  void an_instance_that_saw_no_key_yet_still_opens_what_another_sealed_since_and_learns_of_an_erasure_in_time() {
    PatientId patient = PatientId.of("pat-none-yet");
    AdjustableClock clock = new AdjustableClock(Clock.systemUTC());
    PatientKeys first = new PatientKeys(TestMongo.client().getDatabase(PatientKeys.DEFAULT_DATABASE),
        KeyEncryptionKey.fromBase64(TestKek.base64()), Duration.ofSeconds(60), clock);
    PatientKeys second = keys(TestKek.base64());
    assertThat(first.isErased(clinic, patient)).isFalse(); // no key yet, and it remembers that for a while

    SecretKey made = second.keyFor(clinic, patient);
    assertThat(first.existingKey(clinic, patient).getEncoded()).isEqualTo(made.getEncoded());
    assertThat(first.keyFor(clinic, patient).getEncoded()).isEqualTo(made.getEncoded());

    PatientId another = PatientId.of("pat-none-yet-2");
    assertThat(first.isErased(clinic, another)).isFalse();
    second.destroy(clinic, another);
    // believed for the cache's lifetime, like a key it held: then the vault is asked again
    assertThat(first.isErased(clinic, another)).isFalse();
    clock.setOffset(Duration.ofSeconds(61));
    assertThat(first.isErased(clinic, another)).isTrue();
    assertThatThrownBy(() -> first.keyFor(clinic, another)).isInstanceOf(PatientErasedException.class);
  }

  @Test
  void the_vault_holds_keys_only_wrapped_and_a_service_with_another_key_encryption_key_says_so() {
    UUID plan = UUID.randomUUID();
    store.append(StreamHead.newStream(clinic, "progress-" + plan), List.of(session(plan, "pat-kek", canary)),
        Kit.BY_TEST);
    Document vaulted = TestMongo.client().getDatabase(PatientKeys.DEFAULT_DATABASE).getCollection(PatientKeys.COLLECTION)
        .find(eq("_id", clinic.id() + ":pat-kek")).first();
    assertThat(vaulted.keySet()).containsExactlyInAnyOrder("_id", "tenant", "patientId", "kek", "wrapped", "createdAt");

    PatientKeys misconfigured = keys(Base64.getEncoder().encodeToString(Seal.newKey().getEncoded()));
    EventStore misconfiguredStore = new EventStore(database, Clock.systemUTC(), Clock.systemUTC(),
        new PatientPayloads(misconfigured));
    assertThatThrownBy(() -> misconfiguredStore.load(clinic, "progress-" + plan))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("care.crypto.kek differs");
  }

  @Test
  void loaded_events_equal_what_was_appended() {
    UUID plan = UUID.randomUUID();
    List<EventEnvelope<SessionLogged>> appended = store.append(StreamHead.newStream(clinic, "progress-" + plan),
        List.of(session(plan, "pat-eq", canary), session(plan, "pat-eq", "second")), Kit.BY_TEST).events();
    List<EventEnvelope<CareEvent>> loaded = store.load(clinic, "progress-" + plan).events();
    assertThat(loaded).isEqualTo(appended);
  }

  private MongoCollection<Document> commits() {
    return database.getCollection(EventStore.COLLECTION);
  }

  private static PatientKeys keys(String kek) {
    return TestPatientKeys.on(TestMongo.client(), kek);
  }

  private static SessionLogged session(UUID plan, String patient, String note) {
    return new SessionLogged(UUID.randomUUID(), plan, PatientId.of(patient), LocalDate.of(2026, 11, 2),
        List.of(new ExerciseLog("diaphragmatic-breathing", 3, 10, null, null)), 5, 3, Set.of(), note);
  }

  /** A commit as the store wrote it before payloads were sealed: no patientId, the event's JSON in the clear. */
  private Document oldShapeCommit(String stream, UUID plan, String patient, String note) throws Exception {
    String payload = CareJson.mapper().writeValueAsString(session(plan, patient, note));
    Document event = new Document("eventId", UUID.randomUUID().toString()).append("type", "care.session.logged.v1")
        .append("version", 1L).append("occurredAt", "2026-11-01T08:00:00Z").append("correlationId", "corr-old")
        .append("causationId", "req-old").append("actor", "user:dr-old").append("payload", payload);
    return new Document("_id", clinic.id() + "/" + stream + "/" + String.format("%019d", 1))
        .append("tenant", clinic.id()).append("streamId", stream).append("firstVersion", 1L).append("lastVersion", 1L)
        .append("position", 1L).append("committedAt", new Date()).append("events", List.of(event));
  }
}
