package care.thoracic.plan.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.ClinicalFigures.PainScore;
import care.thoracic.contracts.clinical.ProgressOutcome;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.EventType;
import care.thoracic.contracts.events.PatientErased;
import care.thoracic.contracts.events.ProgressAssessed;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.eventsourcing.projection.Projection;
import care.thoracic.eventsourcing.projection.ProjectionCollection;
import com.mongodb.client.MongoDatabase;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.bson.Document;

/**
 * What phase reviews look at: each plan's logged sessions (day and pain) and progress
 * assessments, from {@code care.session.v1} and {@code care.progress.v1}. The day and pain of a
 * session and an assessment's outcome are sealed with the patient's key; the plan and patient they
 * belong to, and when an assessment was made, stay readable. Documents written before (2026-12-01)
 * hold them in the clear, without the patient, and still read; a rebuild seals them.
 */
@Singleton
public class PhaseReviewEvidence implements Projection {
  private static final String SESSIONS = "plan_sessions/";
  private static final String ASSESSMENTS = "plan_assessments/";

  private final ProjectionCollection sessions;
  private final ProjectionCollection assessments;
  private final PatientPayloads payloads;

  @Inject
  public PhaseReviewEvidence(MongoDatabase database, PatientPayloads payloads) {
    this.payloads = payloads;
    this.sessions = new ProjectionCollection(database, "plan_sessions").index("planId");
    this.assessments = new ProjectionCollection(database, "plan_assessments").index("planId");
  }

  @Override
  public String name() {
    return "plan-progress";
  }

  @Override
  public Set<EventType> handles() {
    return Set.of(EventType.SESSION_LOGGED, EventType.PROGRESS_ASSESSED);
  }

  @Override
  public void apply(EventEnvelope<? extends CareEvent> envelope) {
    switch (envelope.event()) {
      case SessionLogged session -> {
        String id = session.sessionId().toString();
        sessions.applyOnce(envelope, id, combine(
            set("planId", session.planId().toString()),
            set("patientId", session.patientId().value()),
            set("score", payloads.sealField(envelope.tenant(), session.patientId(), SESSIONS + id,
                session.performedOn() + " " + session.painBefore()))));
      }
      case ProgressAssessed assessed -> {
        String id = assessed.assessmentId().toString();
        assessments.applyOnce(envelope, id, combine(
            set("planId", assessed.planId().toString()),
            set("patientId", assessed.patientId().value()),
            set("assessedAt", Date.from(envelope.metadata().occurredAt())),
            set("outcome", payloads.sealField(envelope.tenant(), assessed.patientId(), ASSESSMENTS + id,
                assessed.outcome().name()))));
      }
      default -> { }
    }
  }

  @Override
  public void reset() {
    sessions.dropAll();
    assessments.dropAll();
  }

  @Override
  public void forget(Tenant tenant, PatientErased erasure) {
    List<String> plans = erasure.planIds().stream().map(UUID::toString).toList();
    sessions.forget(tenant, in("planId", plans));
    assessments.forget(tenant, in("planId", plans));
  }

  /** The plan's logged sessions as the figures count them: each one's day and pain before it. */
  public List<PainScore> sessions(Tenant tenant, UUID planId) {
    List<PainScore> logged = new ArrayList<>();
    for (Document doc : sessions.find(tenant, eq("planId", planId.toString()))) {
      if (!doc.containsKey("score")) { // kept in the clear, before 2026-12-01
        logged.add(new PainScore(LocalDate.parse(doc.getString("performedOn")), doc.getInteger("painBefore")));
        continue;
      }
      String[] score = payloads.openField(tenant, PatientId.of(doc.getString("patientId")),
          SESSIONS + doc.getString("id"), doc.getString("score")).split(" ");
      logged.add(new PainScore(LocalDate.parse(score[0]), Integer.parseInt(score[1])));
    }
    return logged;
  }

  /** The newest assessment's outcome since {@code since} (the phase's first day, at the start of it in UTC), if any. */
  public ProgressOutcome latestAssessmentSince(Tenant tenant, UUID planId, Date since) {
    Document newest = null;
    for (Document doc : assessments.find(tenant, eq("planId", planId.toString()))) {
      if (!doc.getDate("assessedAt").before(since)
          && (newest == null || doc.getDate("assessedAt").after(newest.getDate("assessedAt")))) {
        newest = doc;
      }
    }
    if (newest == null) {
      return null;
    }
    String outcome = newest.getString("outcome");
    return ProgressOutcome.valueOf(newest.containsKey("patientId") ? payloads.openField(tenant,
        PatientId.of(newest.getString("patientId")), ASSESSMENTS + newest.getString("id"), outcome) : outcome);
  }
}
