package care.thoracic.progress.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Filters.size;
import static com.mongodb.client.model.Updates.addEachToSet;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.inc;
import static com.mongodb.client.model.Updates.push;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.setOnInsert;
import static com.mongodb.client.model.Updates.unset;

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
import care.thoracic.progress.domain.PlanRisk;
import care.thoracic.progress.domain.ProgressReport;
import care.thoracic.progress.domain.ProgressRules;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

/**
 * One document per plan, from the plan events progress consumes and its own events: the plan's
 * facts (whose, status, baseline, first day, zone, phases, resolved flags) and what was logged
 * and raised (sessions, flags, assessments). The write side reads the facts from here; the
 * progress view is computed from it for the day it is asked on. Each running plan's place on the
 * clinic's at-risk list is kept in it too ({@code atRisk}, the sort key {@code riskRank}, the sealed
 * {@code risk} and the patient's day it is for, {@code riskAsOf}): computed again after each event
 * that can change it and by the daily check when the patient's day begins, so the list is a page
 * of an index, whatever the clinic's size. Documents written before it (2026-12-02) are not on the
 * list until the daily checks give them their place, at once on their first run ({@code
 * ProgressChecks}).
 *
 * <p>The patient's health data in it (baseline pain, each session, flag and the latest assessment)
 * is sealed with the patient's key, each value bound to its plan and field; what the views are
 * looked up by (tenant, plan, patient, status) and the plan's course (days, phases) stay readable.
 * Documents written before (2026-12-01) hold those values in the clear and still read; a rebuild
 * seals them.
 */
@Singleton
public class ProgressViews implements Projection {
  private static final Logger LOG = Logger.getLogger(ProgressViews.class);
  private static final Set<EventType> HANDLED = EnumSet.of(EventType.PLAN_AWAITING_APPROVAL, EventType.PLAN_APPROVED,
      EventType.PLAN_STARTED, EventType.PHASE_ADVANCED, EventType.PHASE_HELD, EventType.PLAN_SUSPENDED,
      EventType.PLAN_RESUMED, EventType.PLAN_COMPLETED, EventType.SESSION_LOGGED, EventType.RED_FLAG_RAISED,
      EventType.PROGRESS_ASSESSED);

  private static final List<String> FACT_FIELDS = List.of("patientId", "status", "baselinePain", "startedOn",
      "timezone", "resolvedFlagIds", "resumes");

  private static final Bson NOT_AT_RISK = combine(set("atRisk", false), unset("riskRank"), unset("risk"));
  private static final int REFRESH_ATTEMPTS = 5;
  private static final List<String> RISK_FIELDS = List.of("patientId", "status", "baselinePain", "startedOn",
      "timezone", "resolvedFlagIds", "resumes", "flags", "revision", "riskAsOf", "riskBasis");
  private static final int BASIS_SCORE_DAYS = 14;
  /** Every session after the skipped ones: more than a document holds (the embedded store overflows on MAX_VALUE). */
  private static final int SLICE_TO_THE_END = 1_000_000;

  private final ProjectionCollection plans;
  private final PatientPayloads payloads;
  private final CheckDueDates checkDueDates;
  private final ProgressRules rules;
  private final Clock clock;

  @Inject
  public ProgressViews(MongoDatabase database, PatientPayloads payloads, CheckDueDates checkDueDates,
      ProgressRules rules, Clock clock) {
    this.payloads = payloads;
    this.checkDueDates = checkDueDates;
    this.rules = rules;
    this.clock = clock;
    this.plans = new ProjectionCollection(database, "progress_views").index("status").index("atRisk", "riskRank");
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
        refreshRisk(envelope.tenant(), started.planId());
      }
      case PhaseAdvanced advanced -> update(envelope, advanced.planId(), push("phases",
          new Document("phase", advanced.toPhase().name()).append("from", advanced.phaseStartedOn().toString())));
      case PhaseHeld held -> { }
      case PlanSuspended suspended -> update(envelope, suspended.planId(),
          set("status", PlanFacts.Status.SUSPENDED.name()));
      case PlanResumed resumed -> {
        update(envelope, resumed.planId(), combine(
            set("status", PlanFacts.Status.ACTIVE.name()),
            addEachToSet("resolvedFlagIds", resumed.resolvedFlagIds().stream().map(UUID::toString).toList()),
            push("resumes", new Document("at", envelope.metadata().occurredAt().toString())
                .append("resolvedFlagIds", resumed.resolvedFlagIds().stream().map(UUID::toString).toList()))));
        refreshRisk(envelope.tenant(), resumed.planId());
      }
      case PlanCompleted completed -> update(envelope, completed.planId(),
          combine(set("status", PlanFacts.Status.COMPLETED.name()), NOT_AT_RISK));
      case SessionLogged session -> logSession(envelope, session);
      case RedFlagRaised flag when flag.planId() != null -> {
        update(envelope, flag.planId(), push("flags", sealed(envelope, flag.planId(), "flags",
            new Document("flagId", flag.flagId().toString()).append("code", flag.code().name())
                .append("severity", flag.severity().name()).append("recommendation", flag.recommendation().name())
                .append("reasons", flag.reasons()))));
        refreshRisk(envelope.tenant(), flag.planId());
      }
      case ProgressAssessed assessed -> update(envelope, assessed.planId(), set("latestAssessment", sealed(
          envelope, assessed.planId(), "latestAssessment", new Document("planWeek", assessed.planWeek())
              .append("outcome", assessed.outcome().name()).append("meanPain7d", assessed.meanPain7d())
              .append("adherence", assessed.adherence()))));
      default -> { } // triage flags name no plan
    }
  }

  /** A value of the plan's document, sealed with its patient's key for that plan and field. */
  private String sealed(EventEnvelope<? extends CareEvent> envelope, UUID planId, String field, Object value) {
    return sealed(envelope.tenant(), envelope.event().patientId(), planId, field, value);
  }

  private String sealed(Tenant tenant, PatientId patientId, UUID planId, String field, Object value) {
    String json = value instanceof Document document ? document.toJson() : String.valueOf(value);
    return payloads.sealField(tenant, patientId, place(planId.toString(), field), json);
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

  /** Every change counts in {@code revision}, so a place on the at-risk list is written only from the latest. */
  private void update(EventEnvelope<?> envelope, UUID planId, Bson update) {
    plans.applyOnce(envelope, planId.toString(), combine(update, inc("revision", 1)));
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

  /**
   * A session, and with it the plan's place on the at-risk list, in one read and one write where
   * the document's running figures hold every session it has: the new one is folded in from the
   * event. Where they do not (a document from before them, a place whose computing lost its races),
   * or the document changed between the read and the write, the session is pushed and the place
   * computed again as after any other event.
   */
  private void logSession(EventEnvelope<? extends CareEvent> envelope, SessionLogged session) {
    Bson pushed = push("sessions", sealed(envelope, session.planId(), "sessions",
        new Document("sessionId", session.sessionId().toString())
            .append("performedOn", session.performedOn().toString())
            .append("painBefore", session.painBefore()).append("painAfter", session.painAfter())));
    if (!loggedWithItsRisk(envelope, session, pushed)) {
      update(envelope, session.planId(), pushed);
      refreshRisk(envelope.tenant(), session.planId());
    }
  }

  private boolean loggedWithItsRisk(EventEnvelope<? extends CareEvent> envelope, SessionLogged session, Bson pushed) {
    Tenant tenant = envelope.tenant();
    Optional<Document> found = plans.get(tenant, session.planId().toString(), RISK_FIELDS)
        .filter(doc -> doc.containsKey("patientId") && doc.containsKey("riskBasis"));
    if (found.isEmpty()) {
      return false;
    }
    Document doc = found.get();
    LocalDate today = patientsDay(doc);
    RiskBasis kept;
    try {
      kept = keptBasis(tenant, doc);
    } catch (PatientErasedException e) { // erased a moment ago: as for any other event
      return false;
    }
    RiskBasis withSession = kept.folded(List.of(new PainScore(session.performedOn(), session.painBefore())), today);
    Bson held = and(heldSince(doc, today), holdsSessions(kept.sessions()));
    return plans.applyOnceToFound(envelope, doc, held, combine(pushed, inc("revision", 1),
        riskOn(tenant, doc, today, () -> withSession), set("riskAsOf", today.toString())));
  }

  /** The document holds exactly {@code count} sessions. */
  private static Bson holdsSessions(int count) {
    return count == 0 ? or(exists("sessions", false), size("sessions", 0)) : size("sessions", count);
  }

  /**
   * Puts the plan on its clinic's at-risk list, or takes it off, as its figures on its patient's
   * today say: after each event that can change them, and by the daily check when the patient's
   * day begins. Written only where the document is still the one read ({@code revision}) and holds
   * no later day's figures, so the slower of two writers never overwrites a newer answer; the one
   * whose document changed meanwhile computes again from the new one. The sessions are read through
   * their running figures ({@code riskBasis}): only those logged since are opened, however long the
   * plan's history.
   */
  public void refreshRisk(Tenant tenant, UUID planId) {
    for (int attempt = 0; attempt < REFRESH_ATTEMPTS; attempt++) {
      Optional<Document> found = plans.get(tenant, planId.toString(), RISK_FIELDS)
          .filter(doc -> doc.containsKey("patientId"));
      if (found.isEmpty()) {
        return; // not yet started here: its start computes it
      }
      Document doc = found.get();
      LocalDate today = patientsDay(doc);
      if (plans.updateFound(doc, heldSince(doc, today), combine(riskOn(tenant, doc, today,
          () -> riskBasis(tenant, doc, today)), set("riskAsOf", today.toString())))) {
        return;
      }
    }
  }

  /** The patient's today, or the later day the document's figures are already for. */
  private LocalDate patientsDay(Document doc) {
    LocalDate today = LocalDate.now(clock.withZone(ZoneId.of(doc.getString("timezone"))));
    String asOf = doc.getString("riskAsOf");
    // another instance's clock is a day ahead: computed for its day, never back
    return asOf != null && asOf.compareTo(today.toString()) > 0 ? LocalDate.parse(asOf) : today;
  }

  /** The document is still the one read, and holds no figures for a day after {@code today}. */
  private static Bson heldSince(Document doc, LocalDate today) {
    return and(eq("revision", doc.get("revision")), or(exists("riskAsOf", false), lte("riskAsOf", today.toString())));
  }

  private Bson riskOn(Tenant tenant, Document doc, LocalDate today, Supplier<RiskBasis> sessions) {
    try {
      PlanFacts plan = facts(tenant, doc);
      if (!plan.running()) {
        return NOT_AT_RISK;
      }
      RiskBasis basis = sessions.get();
      Bson keptBasis = set("riskBasis", sealed(tenant, plan.patientId(), plan.planId(), "riskBasis",
          basis.document()));
      return ProgressReport.risk(plan, basis.sessionDays(), basis.recentScores(), flags(tenant, doc), today, rules)
          .map(risk -> combine(set("atRisk", true), set("riskRank", risk.rank(plan.patientId().value(),
              plan.planId())), set("risk", sealed(tenant, plan.patientId(), plan.planId(), "risk", riskDocument(risk))),
              keptBasis))
          .orElse(combine(NOT_AT_RISK, keptBasis));
    } catch (PatientErasedException e) { // erased a moment ago: the views forget the plan shortly
      return NOT_AT_RISK;
    }
  }

  /**
   * The running figures of a plan's sessions the at-risk list needs: how many sessions they hold
   * (the first ones of the document's {@code sessions}), every day with a session, and the pain
   * scores of the last {@value #BASIS_SCORE_DAYS} days (the 7-day mean's week, and sessions logged
   * late for an earlier day).
   */
  private record RiskBasis(int sessions, SortedSet<LocalDate> sessionDays, List<PainScore> recentScores) {
    static final RiskBasis NONE = new RiskBasis(0, Collections.emptySortedSet(), List.of());

    /** These figures with {@code logged} (the sessions after them, in order) folded in. */
    RiskBasis folded(List<PainScore> logged, LocalDate today) {
      SortedSet<LocalDate> days = new TreeSet<>(sessionDays);
      List<PainScore> scores = new ArrayList<>(recentScores);
      logged.forEach(score -> {
        days.add(score.day());
        scores.add(score);
      });
      LocalDate oldest = today.minusDays(BASIS_SCORE_DAYS);
      scores.removeIf(score -> score.day().isBefore(oldest));
      return new RiskBasis(sessions + logged.size(), days, scores);
    }

    Document document() {
      return new Document("sessions", sessions)
          .append("days", sessionDays.stream().map(LocalDate::toEpochDay).toList())
          .append("scores", recentScores.stream().map(score -> new Document("day", score.day().toEpochDay())
              .append("pain", score.painBefore())).toList());
    }
  }

  /** The document's running figures with the sessions logged since they were kept folded in. */
  private RiskBasis riskBasis(Tenant tenant, Document doc, LocalDate today) {
    RiskBasis kept = keptBasis(tenant, doc);
    List<PainScore> since = new ArrayList<>();
    plans.get(tenant, doc.getString("id"), exists("sessions"),
        Projections.slice("sessions", kept.sessions(), SLICE_TO_THE_END))
        .map(found -> found.getList("sessions", Object.class, List.of())).orElse(List.of())
        .forEach(session -> {
          Document opened = opened(tenant, doc, "sessions", session);
          since.add(new PainScore(LocalDate.parse(opened.getString("performedOn")), opened.getInteger("painBefore")));
        });
    return kept.folded(since, today);
  }

  /** The running figures the document keeps; none for one from before them. */
  private RiskBasis keptBasis(Tenant tenant, Document doc) {
    Object stored = doc.get("riskBasis");
    if (stored == null) {
      return RiskBasis.NONE;
    }
    Document kept = opened(tenant, doc, "riskBasis", stored);
    SortedSet<LocalDate> days = new TreeSet<>();
    kept.getList("days", Number.class).forEach(day -> days.add(LocalDate.ofEpochDay(day.longValue())));
    List<PainScore> scores = kept.getList("scores", Document.class).stream().map(score -> new PainScore(
        LocalDate.ofEpochDay(score.get("day", Number.class).longValue()), score.getInteger("pain"))).toList();
    return new RiskBasis(kept.getInteger("sessions"), days, scores);
  }

  /**
   * Running plans kept from before the at-risk list (2026-12-02) get their place on it; doing it
   * again changes nothing.
   *
   * @return how many running plans were looked at
   */
  public long giveRiskPlaces() {
    long[] looked = {0};
    forEachRunningAcrossTenants((tenant, plan) -> {
      try {
        refreshRisk(tenant, plan.planId());
      } catch (RuntimeException e) { // one plan's trouble must not keep the others off the list, nor the checks
        LOG.errorf(e, "the at-risk place of plan %s (%s) was not given; its next daily check gives it", plan.planId(),
            tenant);
      }
      looked[0]++;
    });
    return looked[0];
  }

  /** A plan on the clinic's at-risk list, with the patient's day its figures are for. */
  public record RiskEntry(PatientId patientId, UUID planId, PlanFacts.Status status, PlanRisk risk, LocalDate asOf) {}

  /** A page of the clinic's at-risk list, the most urgent first ({@link PlanRisk#rank}), read from its index. */
  public List<RiskEntry> atRisk(Tenant tenant, int skip, int limit) {
    List<RiskEntry> entries = new ArrayList<>();
    for (Document doc : plans.find(tenant, eq("atRisk", true)).sort(Sorts.ascending("riskRank")).skip(skip)
        .limit(limit).projection(Projections.include("id", "patientId", "status", "risk", "riskAsOf"))) {
      PlanRisk risk;
      try {
        risk = planRisk(Document.parse(openedText(tenant, doc, "risk", doc.getString("risk"))));
      } catch (PatientErasedException e) { // erased a moment ago: the views forget the plan shortly
        continue;
      }
      entries.add(new RiskEntry(PatientId.of(doc.getString("patientId")), UUID.fromString(doc.getString("id")),
          PlanFacts.Status.valueOf(doc.getString("status")), risk, LocalDate.parse(doc.getString("riskAsOf"))));
    }
    return entries;
  }

  /** How many plans of the clinic are on its at-risk list, counted in the list's index up to {@code atMost}. */
  public long atRiskCount(Tenant tenant, int atMost) {
    return plans.count(tenant, eq("atRisk", true), atMost);
  }

  private static Document riskDocument(PlanRisk risk) {
    Document adherence = risk.adherence() == null ? null : new Document("daysWithSession",
        risk.adherence().daysWithSession()).append("daysElapsed", risk.adherence().daysElapsed())
        .append("percent", risk.adherence().percent());
    return new Document("reasons", risk.reasons()).append("openFlags", risk.openFlags())
        .append("urgentFlag", risk.urgentFlag()).append("adherence", adherence)
        .append("meanPain7d", risk.meanPain7d()).append("baselinePain", risk.baselinePain());
  }

  private static PlanRisk planRisk(Document stored) {
    Document adherence = stored.get("adherence", Document.class);
    return new PlanRisk(stored.getList("reasons", String.class), stored.getInteger("openFlags"),
        stored.getBoolean("urgentFlag"), adherence == null ? null : new ProgressReport.Percent(
            adherence.getInteger("daysWithSession"), adherence.getInteger("daysElapsed"), adherence.getInteger("percent")),
        stored.getDouble("meanPain7d"), stored.getInteger("baselinePain"));
  }

  /**
   * Every running plan of every clinic: only for giving the plans kept from before due dates and
   * the at-risk list theirs, once ({@link CheckDueDates#giveDueDates}, {@link #giveRiskPlaces}), each
   * within the plan's tenant.
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
    List<ProgressReport.Flag> flags = flags(tenant, doc);
    Object storedAssessment = doc.get("latestAssessment");
    Document latest = storedAssessment == null ? null : opened(tenant, doc, "latestAssessment", storedAssessment);
    ProgressReport.AssessmentSummary assessment = latest == null ? null : new ProgressReport.AssessmentSummary(
        latest.getInteger("planWeek"), ProgressOutcome.valueOf(latest.getString("outcome")),
        latest.getDouble("meanPain7d"), latest.getDouble("adherence"));
    List<PainScore> scores = sessions.stream().map(s -> new PainScore(s.performedOn(), s.painBefore())).toList();
    return new PlanRecord(facts(tenant, doc), phases, scores, sessions, flags, assessment);
  }

  private List<ProgressReport.Flag> flags(Tenant tenant, Document doc) {
    List<ProgressReport.Flag> flags = new ArrayList<>();
    for (Object stored : doc.getList("flags", Object.class, List.of())) {
      Document flag = opened(tenant, doc, "flags", stored);
      flags.add(new ProgressReport.Flag(UUID.fromString(flag.getString("flagId")), flag.getString("code"),
          flag.getString("severity"), flag.getString("recommendation"), flag.getList("reasons", String.class)));
    }
    return flags;
  }

  @Override
  public void forget(Tenant tenant, PatientErased erasure) {
    plans.forget(tenant, eq("patientId", erasure.patientId().value()));
  }
}
