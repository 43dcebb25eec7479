package care.thoracic.triage.store;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.CareJson;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.Category;
import care.thoracic.contracts.clinical.Disposition;
import care.thoracic.contracts.events.TriageCompleted;
import care.thoracic.eventsourcing.testing.TestPatientKeys;
import care.thoracic.testkit.TestMongo;
import care.thoracic.testkit.TestTriages;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.LocalDate;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The patient's triages as stored, through the real driver: the intake and decision sealed with the
 * patient's key, and a document from before they were sealed read the same.
 */
class PatientTriagesStoredShapesTest {
  private final MongoDatabase database = TestMongo.client().getDatabase("triage-shapes-" + UUID.randomUUID());
  private final PatientTriages triages = new PatientTriages(database, TestPatientKeys.payloads(TestMongo.client()));
  private final String clinic = "clinic-" + UUID.randomUUID().toString().substring(0, 8);
  private final TriageCompleted triage = TestTriages.completed(UUID.randomUUID(), "pat-shapes", 7,
      LocalDate.of(2026, 11, 20), Category.MECHANICAL, Disposition.SELF_CARE);

  @Test
  void the_intake_and_decision_are_sealed_at_rest_and_read_back_whole() throws Exception {
    triages.apply(TestTriages.asPublished(clinic, triage));

    Document stored = database.getCollection("patient_triages").find().first();
    assertThat(stored.getString("triage")).startsWith("sealed:v1:");
    assertThat(stored.toJson()).doesNotContain("POSTURAL_STRAIN", "painScore", "Posture strain.");
    assertThat(stored.getString("patientId")).isEqualTo("pat-shapes");
    assertThat(triages.newestFirst(Tenant.of(clinic), PatientId.of("pat-shapes"), 10)).singleElement()
        .satisfies(listed -> assertThat(listed.triage()).isEqualTo(triage));
  }

  @Test
  void given_a_triage_stored_in_the_clear_before_sealing_it_reads_the_same() throws Exception {
    triages.apply(TestTriages.asPublished(clinic, triage));
    database.getCollection("patient_triages").updateOne(Filters.eq("id", triage.triageId().toString()),
        Updates.set("triage", CareJson.mapper().writeValueAsString(triage))); // as the previous version left it

    assertThat(triages.newestFirst(Tenant.of(clinic), PatientId.of("pat-shapes"), 10)).singleElement()
        .satisfies(listed -> assertThat(listed.triage()).isEqualTo(triage));
  }
}
