package care.thoracic.progress.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Updates.addEachToSet;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.push;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.setOnInsert;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientErasedException;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.ClinicalFigures.PainScore;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.ProgressOutcome;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.EventType;
import care.thoracic.contracts.events.PatientErased;
import care.thoracic.contracts.events.PhaseAdvanced;
import care.thoracic.contracts.events.PhaseHeld;
import care.thoracic.contracts.events.PlanApproved;
import care.thoracic.contracts.events.PlanAwaitingApproval;
import care.thoracic.contracts.events.PlanCompleted;
import care.thoracic.contracts.events.PlanResumed;
import care.thoracic.contracts.events.PlanStarted;
import care.thoracic.contracts.events.PlanSuspended;
import care.thoracic.contracts.events.ProgressAssessed;
import care.thoracic.contracts.events.RedFlagRaised;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.eventsourcing.projection.Projection;
import care.thoracic.eventsourcing.projection.ProjectionCollection;
import care.thoracic.progress.domain.PlanFacts;
import care.thoracic.progress.domain.ProgressReport;
import com.mongodb.client.MongoDatabase;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * One document per plan, from the plan events progress consumes and its own events: the plan's
 * facts (whose, status, baseline, first day, zone, phases, resolved flags) and what was logged
 * and raised (sessions, flags, assessments). The write side reads the facts from here; the
 * progress view and the at-risk list are computed from it for the day they are asked on.
 *
 * <p>The patient's health data in it (baseline pain, each session, flag and the latest assessment)
 * is sealed with the patient's key, each value bound to its plan and field; what the views are
 * looked up by (tenant, plan, patient, status) and the plan's course (days, phases) stay readable.
 * Documents written before (2026-12-01) hold those values in the clear and still read; a rebuild
 * seals them.
 */
@Singleton
public class ProgressViews implements Projection {
  private static final Set<EventType> HANDLED = EnumSet.of(EventType.PLAN_AWAITING_APPROVAL, EventType.PLAN_APPROVED,
      EventType.PLAN_STARTED, EventType.PHASE_ADVANCED, EventType.PHASE_HELD, EventType.PLAN_SUSPENDED,
      EventType.PLAN_RESUMED, EventType.PLAN_COMPLETED, EventType.SESSION_LOGGED, EventType.RED_FLAG_RAISED,
      EventType.PROGRESS_ASSESSED);

  private static final List<String> FACT_FIELDS = List.of("patientId", "status", "baselinePain", "startedOn",
      "timezone", "resolvedFlagIds", "resumes");

  private final ProjectionCollection plans;
  private final PatientPayloads payloads;
  private final CheckDueDates checkDueDates;

  @Inject
  public ProgressViews(MongoDatabase database, PatientPayloads payloads, CheckDueDates checkDueDates) {
    this.payloads = payloads;
    this.checkDueDates = checkDueDates;
    this.plans = new ProjectionCollection(database, "progress_views").index("status");
  }

  @Override
  public String name() {
    return "progress-views";
  }

  @Override
  public Set<EventType> handles() {
    return HANDLED;
  }

  @Override
  public void apply(EventEnvelope<? extends CareEvent> envelope) {
    switch (envelope.event()) {
      case PlanAwaitingApproval awaiting -> update(envelope, awaiting.planId(), combine(
          setOnInsert("status", PlanFacts.Status.AWAITING_APPROVAL.name()),
          set("patientId", awaiting.patientId().value()),
          set("baselinePain", sealed(envelope, awaiting.planId(), "baselinePain", awaiting.baselinePain())),
          set("timezone", awaiting.timezone().getId())));
      case PlanApproved approved -> { } // the PlanStarted that follows carries what progress needs
      case PlanStarted started -> {
        update(envelope, started.planId(), combine(
            set("status", PlanFacts.Status.ACTIVE.name()), set("patientId", started.patientId().value()),
            set("baselinePain", sealed(envelope, started.planId(), "baselinePain", started.baselinePain())),
            set("timezone", started.timezone().getId()),
            set("startedOn", started.startedOn().toString()),
            push("phases", new Document("phase", started.phase().name()).append("from", started.startedOn().toString()))));
        checkDueDates.planStarted(envelope.tenant(), started.planId(), envelope.metadata().occurredAt());
      }
      case PhaseAdvanced advanced -> update(envelope, advanced.planId(), push("phases",
          new Document("phase", advanced.toPhase().name()).append("from", advanced.phaseStartedOn().toString())));
      case PhaseHeld held -> { }
      case PlanSuspended suspended -> update(envelope, suspended.planId(),
          set("status", PlanFacts.Status.SUSPENDED.name()));
      case PlanResumed resumed -> update(envelope, resumed.planId(), combine(
          set("status", PlanFacts.Status.ACTIVE.name()),
          addEachToSet("resolvedFlagIds", resumed.resolvedFlagIds().stream().map(UUID::toString).toList()),
          push("resumes", new Document("at", envelope.metadata().occurredAt().toString())
              .append("resolvedFlagIds", resumed.resolvedFlagIds().stream().map(UUID::toString).toList()))));
      case PlanCompleted completed -> update(envelope, completed.planId(),
          set("status", PlanFacts.Status.COMPLETED.name()));
      case SessionLogged session -> update(envelope, session.planId(), push("sessions", sealed(envelope,
          session.planId(), "sessions", new Document("sessionId", session.sessionId().toString())
              .append("performedOn", session.performedOn().toString())
              .append("painBefore", session.painBefore()).append("painAfter", session.painAfter()))));
      case RedFlagRaised flag when flag.planId() != null -> update(envelope, flag.planId(), push("flags", sealed(
          envelope, flag.planId(), "flags", new Document("flagId", flag.flagId().toString())
              .append("code", flag.code().name()).append("severity", flag.severity().name())
              .append("recommendation", flag.recommendation().name()).append("reasons", flag.reasons()))));
      case ProgressAssessed assessed -> update(envelope, assessed.planId(), set("latestAssessment", sealed(
          envelope, assessed.planId(), "latestAssessment", new Document("planWeek", assessed.planWeek())
              .append("outcome", assessed.outcome().name()).append("meanPain7d", assessed.meanPain7d())
              .append("adherence", assessed.adherence()))));
      default -> { } // triage flags name no plan
    }
  }

  /** A value of the plan's document, sealed with its patient's key for that plan and field. */
  private String sealed(EventEnvelope<? extends CareEvent> envelope, UUID planId, String field, Object value) {
    String json = value instanceof Document document ? document.toJson() : String.valueOf(value);
    return payloads.sealField(envelope.tenant(), envelope.event().patientId(), place(planId.toString(), field), json);
  }

  /** A value {@link #sealed} kept, opened; one kept in the clear (before 2026-12-01) as it is. */
  private Document opened(Tenant tenant, Document plan, String field, Object stored) {
    if (!(stored instanceof String sealed)) {
      return (Document) stored;
    }
    return Document.parse(openedText(tenant, plan, field, sealed));
  }

  private String openedText(Tenant tenant, Document plan, String field, String sealed) {
    return payloads.openField(tenant, PatientId.of(plan.getString("patientId")), place(plan.getString("id"), field),
        sealed);
  }

  private int baselinePain(Tenant tenant, Document plan) {
    Object stored = plan.get("baselinePain");
    return stored == null ? 0 : stored instanceof Integer clear ? clear
        : Integer.parseInt(openedText(tenant, plan, "baselinePain", (String) stored));
  }

  private static String place(String planId, String field) {
    return "progress_views/" + planId + "/" + field;
  }

  private void update(EventEnvelope<?> envelope, UUID planId, Bson update) {
    plans.applyOnce(envelope, planId.toString(), update);
  }

  @Override
  public void reset() {
    plans.dropAll();
  }

  /**
   * The plan as progress knows it, once its first plan event arrived here: read without the
   * sessions, flags and assessments, which a post does not need and which grow every day.
   */
  public Optional<PlanFacts> facts(Tenant tenant, UUID planId) {
    return plans.get(tenant, planId.toString(), FACT_FIELDS).filter(doc -> doc.containsKey("patientId"))
        .map(doc -> facts(tenant, doc));
  }

  /** Everything the progress view is computed from. */
  public record PlanRecord(PlanFacts facts, List<ProgressReport.PhaseStart> phases, List<PainScore> scores,
      List<Logged> sessions, List<ProgressReport.Flag> flags, ProgressReport.AssessmentSummary latestAssessment) {}

  /** A logged session as the FHIR observations list it. */
  public record Logged(UUID sessionId, LocalDate performedOn, int painBefore, int painAfter) {}

  public Optional<PlanRecord> record(Tenant tenant, UUID planId) {
    return plans.get(tenant, planId.toString()).filter(doc -> doc.containsKey("patientId"))
        .map(doc -> record(tenant, doc));
  }

  /** The clinic's plans that run (active or suspended), for the at-risk list. */
  public void forEachRunning(Tenant tenant, Consumer<PlanRecord> action) {
    for (Document doc : plans.find(tenant, in("status", PlanFacts.Status.ACTIVE.name(),
        PlanFacts.Status.SUSPENDED.name()))) {
      PlanRecord record;
      try {
        record = record(tenant, doc);
      } catch (PatientErasedException e) { // erased a moment ago: the views forget the plan shortly
        continue;
      }
      action.accept(record);
    }
  }

  /**
   * Every running plan of every clinic: only for giving the plans kept from before due dates theirs
   * ({@link CheckDueDates#giveDueDates}), which acts within each plan's tenant.
   */
  public void forEachRunningAcrossTenants(BiConsumer<Tenant, PlanFacts> action) {
    for (Document doc : plans.findAcrossTenants(in("status", PlanFacts.Status.ACTIVE.name(),
        PlanFacts.Status.SUSPENDED.name()))) {
      if (doc.containsKey("startedOn")) {
        Tenant tenant = Tenant.of(doc.getString("tenant"));
        PlanFacts facts;
        try {
          facts = facts(tenant, doc);
        } catch (PatientErasedException e) { // erased a moment ago: the views forget the plan shortly
          continue;
        }
        action.accept(tenant, facts);
      }
    }
  }

  /**
   * The facts of a plan document. A document written before resumes were recorded with their time
   * (2026-11-30) has resolved flags but no {@code resumes}: the rules then see no resume, as before;
   * replaying the plan topic into a fresh view records them.
   */
  private PlanFacts facts(Tenant tenant, Document doc) {
    List<UUID> resolved = doc.getList("resolvedFlagIds", String.class, List.of()).stream().map(UUID::fromString).toList();
    String startedOn = doc.getString("startedOn");
    ZoneId zone = ZoneId.of(doc.getString("timezone"));
    List<PlanFacts.Resume> resumes = doc.getList("resumes", Document.class, List.of()).stream()
        .map(resume -> new PlanFacts.Resume(LocalDate.ofInstant(Instant.parse(resume.getString("at")), zone),
            resume.getList("resolvedFlagIds", String.class, List.of()).stream().map(UUID::fromString)
                .collect(Collectors.toSet())))
        .toList();
    return new PlanFacts(UUID.fromString(doc.getString("id")), PatientId.of(doc.getString("patientId")),
        PlanFacts.Status.valueOf(doc.getString("status")), baselinePain(tenant, doc),
        startedOn == null ? null : LocalDate.parse(startedOn), zone, Set.copyOf(resolved), resumes);
  }

  private PlanRecord record(Tenant tenant, Document doc) {
    List<ProgressReport.PhaseStart> phases = new ArrayList<>();
    for (Document phase : doc.getList("phases", Document.class, List.of())) {
      phases.add(new ProgressReport.PhaseStart(Phase.valueOf(phase.getString("phase")),
          LocalDate.parse(phase.getString("from"))));
    }
    List<Logged> sessions = new ArrayList<>();
    for (Object stored : doc.getList("sessions", Object.class, List.of())) {
      Document session = opened(tenant, doc, "sessions", stored);
      sessions.add(new Logged(UUID.fromString(session.getString("sessionId")),
          LocalDate.parse(session.getString("performedOn")), session.getInteger("painBefore"),
          session.getInteger("painAfter")));
    }
    List<ProgressReport.Flag> flags = new ArrayList<>();
    for (Object stored : doc.getList("flags", Object.class, List.of())) {
      Document flag = opened(tenant, doc, "flags", stored);
      flags.add(new ProgressReport.Flag(UUID.fromString(flag.getString("flagId")), flag.getString("code"),
          flag.getString("severity"), flag.getString("recommendation"), flag.getList("reasons", String.class)));
    }
    Object storedAssessment = doc.get("latestAssessment");
    Document latest = storedAssessment == null ? null : opened(tenant, doc, "latestAssessment", storedAssessment);
    ProgressReport.AssessmentSummary assessment = latest == null ? null : new ProgressReport.AssessmentSummary(
        latest.getInteger("planWeek"), ProgressOutcome.valueOf(latest.getString("outcome")),
        latest.getDouble("meanPain7d"), latest.getDouble("adherence"));
    List<PainScore> scores = sessions.stream().map(s -> new PainScore(s.performedOn(), s.painBefore())).toList();
    return new PlanRecord(facts(tenant, doc), phases, scores, sessions, flags, assessment);
  }

  @Override
  public void forget(Tenant tenant, PatientErased erasure) {
    plans.forget(tenant, eq("patientId", erasure.patientId().value()));
  }
}
