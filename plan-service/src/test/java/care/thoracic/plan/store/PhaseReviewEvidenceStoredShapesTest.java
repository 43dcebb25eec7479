package care.thoracic.plan.store;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.ClinicalFigures.PainScore;
import care.thoracic.contracts.clinical.ExerciseLog;
import care.thoracic.contracts.clinical.ProgressOutcome;
import care.thoracic.contracts.events.ProgressAssessed;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.eventsourcing.testing.TestPatientKeys;
import care.thoracic.testkit.TestEvents;
import care.thoracic.testkit.TestMongo;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * What phase reviews read, as stored, through the real driver: each session's day and pain and each
 * assessment's outcome sealed with the patient's key; documents from before sealing read the same.
 */
class PhaseReviewEvidenceStoredShapesTest {
  private static final PatientId PATIENT = PatientId.of("pat-evidence");
  private static final Date LONG_AGO = new Date(0);

  private final MongoDatabase database = TestMongo.client().getDatabase("evidence-" + UUID.randomUUID());
  private final PhaseReviewEvidence evidence = new PhaseReviewEvidence(database,
      TestPatientKeys.payloads(TestMongo.client()));
  private final Tenant clinic = Tenant.of("clinic-" + UUID.randomUUID().toString().substring(0, 8));
  private final UUID planId = UUID.randomUUID();

  private void logAndAssess() {
    evidence.apply(TestEvents.envelope(clinic, "session-" + planId, 1, new SessionLogged(UUID.randomUUID(), planId,
        PATIENT, LocalDate.of(2026, 11, 23), List.of(new ExerciseLog("diaphragmatic-breathing", 3, 10, null, null)),
        8, 6, Set.of(), null), Actor.user(PATIENT.value())));
    evidence.apply(TestEvents.envelope(clinic, "assessment-" + planId, 1, new ProgressAssessed(UUID.randomUUID(),
        planId, PATIENT, 1, ProgressOutcome.WORSENING, 6, 8.0, 2.0, 33.33, false, 0.5, List.of("Worse.")),
        Actor.service("progress-service")));
  }

  @Test
  void sessions_and_assessments_are_sealed_at_rest_and_read_back_whole() {
    logAndAssess();

    Document session = database.getCollection("plan_sessions").find().first();
    Document assessment = database.getCollection("plan_assessments").find().first();
    assertThat(session.toJson()).doesNotContain("2026-11-23", "painBefore").contains(planId.toString());
    assertThat(assessment.getString("outcome")).startsWith("sealed:v1:");
    assertThat(evidence.sessions(clinic, planId)).containsExactly(new PainScore(LocalDate.of(2026, 11, 23), 8));
    assertThat(evidence.latestAssessmentSince(clinic, planId, LONG_AGO)).isEqualTo(ProgressOutcome.WORSENING);
  }

  @Test
  void given_evidence_stored_in_the_clear_before_sealing_it_reads_the_same() {
    logAndAssess();
    // as the previous version left them: no patient, the values in the clear
    database.getCollection("plan_sessions").updateMany(Filters.empty(), Updates.combine(Updates.unset("patientId"),
        Updates.unset("score"), Updates.set("performedOn", "2026-11-23"), Updates.set("painBefore", 8)));
    database.getCollection("plan_assessments").updateMany(Filters.empty(), Updates.combine(
        Updates.unset("patientId"), Updates.set("outcome", "WORSENING")));

    assertThat(evidence.sessions(clinic, planId)).containsExactly(new PainScore(LocalDate.of(2026, 11, 23), 8));
    assertThat(evidence.latestAssessmentSince(clinic, planId, LONG_AGO)).isEqualTo(ProgressOutcome.WORSENING);
  }
}
