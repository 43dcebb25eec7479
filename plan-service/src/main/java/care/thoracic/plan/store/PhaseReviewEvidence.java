package care.thoracic.plan.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.ClinicalFigures.PainScore;
import care.thoracic.contracts.clinical.ProgressOutcome;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.EventType;
import care.thoracic.contracts.events.PatientErased;
import care.thoracic.contracts.events.ProgressAssessed;
import care.thoracic.contracts.events.SessionLogged;
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
 * assessments, from {@code care.session.v1} and {@code care.progress.v1}.
 */
@Singleton
public class PhaseReviewEvidence implements Projection {
  private final ProjectionCollection sessions;
  private final ProjectionCollection assessments;

  @Inject
  public PhaseReviewEvidence(MongoDatabase database) {
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
      case SessionLogged session -> sessions.applyOnce(envelope, session.sessionId().toString(), combine(
          set("planId", session.planId().toString()),
          set("performedOn", session.performedOn().toString()),
          set("painBefore", session.painBefore())));
      case ProgressAssessed assessed -> assessments.applyOnce(envelope, assessed.assessmentId().toString(), combine(
          set("planId", assessed.planId().toString()),
          set("assessedAt", Date.from(envelope.metadata().occurredAt())),
          set("outcome", assessed.outcome().name())));
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
      logged.add(new PainScore(LocalDate.parse(doc.getString("performedOn")), doc.getInteger("painBefore")));
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
    return newest == null ? null : ProgressOutcome.valueOf(newest.getString("outcome"));
  }
}
