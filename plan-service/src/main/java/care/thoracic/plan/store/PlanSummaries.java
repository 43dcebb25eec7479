package care.thoracic.plan.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.setOnInsert;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.EventType;
import care.thoracic.contracts.events.PatientErased;
import care.thoracic.contracts.events.PhaseAdvanced;
import care.thoracic.contracts.events.PhaseHeld;
import care.thoracic.contracts.events.PlanApproved;
import care.thoracic.contracts.events.PlanAwaitingApproval;
import care.thoracic.contracts.events.PlanCompleted;
import care.thoracic.contracts.events.PlanEvent;
import care.thoracic.contracts.events.PlanResumed;
import care.thoracic.contracts.events.PlanRetriaged;
import care.thoracic.contracts.events.PlanStarted;
import care.thoracic.contracts.events.PlanSuspended;
import care.thoracic.contracts.events.RestrictionCleared;
import care.thoracic.contracts.events.RetriageDecided;
import care.thoracic.eventsourcing.projection.Projection;
import care.thoracic.eventsourcing.projection.ProjectionCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * One document per plan with what lists and look-ups need: the patient, status, phase and next
 * review. Fed by the service's own plan events from {@code care.plan.v1}.
 */
@Singleton
public class PlanSummaries implements Projection {
  /** A plan's status as lists show it. */
  public enum Status { AWAITING_APPROVAL, ACTIVE, SUSPENDED, COMPLETED }

  private final ProjectionCollection plans;

  @Inject
  public PlanSummaries(MongoDatabase database) {
    this.plans = new ProjectionCollection(database, "plan_summaries").index("patientId")
        .index("status", "updatedAt").index("updatedAt").indexAcrossTenants("status", "nextReviewAt");
  }

  @Override
  public String name() {
    return "plan-summaries";
  }

  @Override
  public Set<EventType> handles() {
    return Set.of(EventType.PLAN_STARTED, EventType.PLAN_AWAITING_APPROVAL, EventType.PLAN_APPROVED,
        EventType.PHASE_ADVANCED, EventType.PHASE_HELD, EventType.PLAN_SUSPENDED, EventType.PLAN_RESUMED,
        EventType.PLAN_COMPLETED, EventType.PLAN_RETRIAGED, EventType.RETRIAGE_DECIDED, EventType.RESTRICTION_CLEARED);
  }

  @Override
  public void apply(EventEnvelope<? extends CareEvent> envelope) {
    if (!(envelope.event() instanceof PlanEvent event)) {
      return;
    }
    Bson change = switch (event) {
      case PlanAwaitingApproval awaiting -> combine(status(Status.AWAITING_APPROVAL), set("variant",
          awaiting.variant().name()), set("protocolVersion", awaiting.protocolVersion()),
          set("timezone", awaiting.timezone().getId()));
      case PlanStarted started -> combine(status(Status.ACTIVE), set("phase", started.phase().name()),
          set("variant", started.variant().name()), set("protocolVersion", started.protocolVersion()),
          set("startedOn", started.startedOn().toString()), set("timezone", started.timezone().getId()),
          nextReview(started.nextReviewOn(), started.timezone()), set("clinicianReviewRequested", false));
      case PlanApproved approved -> set("approvedAt", Date.from(envelope.metadata().occurredAt()));
      case PhaseAdvanced advanced -> combine(set("phase", advanced.toPhase().name()),
          nextReview(advanced.nextReviewOn(), zone(envelope.tenant(), advanced.planId())),
          set("clinicianReviewRequested", false));
      case PhaseHeld held -> combine(nextReview(held.nextReviewOn(), zone(envelope.tenant(), held.planId())),
          set("clinicianReviewRequested", held.clinicianReviewRequested()));
      case PlanSuspended suspended -> status(Status.SUSPENDED);
      case PlanResumed resumed -> combine(status(Status.ACTIVE),
          nextReview(resumed.nextReviewOn(), zone(envelope.tenant(), resumed.planId())));
      case PlanCompleted completed -> combine(status(Status.COMPLETED), nextReview(null, ZoneOffset.UTC));
      case PlanRetriaged retriaged -> set("retriagePending", true);
      case RetriageDecided decided -> set("retriagePending", false);
      case RestrictionCleared cleared -> set("restrictionCleared", true);
    };
    plans.applyOnce(envelope, event.planId().toString(), combine(change,
        setOnInsert("planId", event.planId().toString()),
        setOnInsert("patientId", event.patientId().value()),
        setOnInsert("createdAt", Date.from(envelope.metadata().occurredAt())),
        set("updatedAt", Date.from(envelope.metadata().occurredAt())),
        set("version", envelope.metadata().streamVersion())));
  }

  private static Bson status(Status status) {
    return set("status", status.name());
  }

  /** The day of the next review, and when it begins in the patient's zone: when the review is due. */
  private static Bson nextReview(LocalDate date, ZoneId zone) {
    return combine(set("nextReviewOn", date == null ? null : date.toString()),
        set("nextReviewAt", date == null ? null : Date.from(date.atStartOfDay(zone).toInstant())));
  }

  /**
   * The plan's zone, kept from its start. A plan started before the zone was kept here (2026-12-02)
   * has none: its reviews are then due when the day begins in the earliest zone, as all were before,
   * and the review job finds them not yet due in their own zone until it is.
   */
  private ZoneId zone(Tenant tenant, UUID planId) {
    return plans.get(tenant, planId.toString(), List.of("timezone")).map(doc -> doc.getString("timezone"))
        .<ZoneId>map(ZoneId::of).orElse(ZoneOffset.MAX);
  }

  @Override
  public void reset() {
    plans.dropAll();
  }

  @Override
  public void forget(Tenant tenant, PatientErased erasure) {
    plans.forget(tenant, eq("patientId", erasure.patientId().value()));
  }

  /** Every plan the patient ever had, newest first: what an erasure must reach. */
  public List<UUID> plansOf(Tenant tenant, PatientId patient) {
    List<UUID> all = new ArrayList<>();
    for (Document doc : plans.find(tenant, eq("patientId", patient.value())).sort(Sorts.descending("createdAt"))) {
      all.add(UUID.fromString(doc.getString("planId")));
    }
    return all;
  }

  /** The patient's plan that runs (or waits for approval); when none does, the newest completed one. */
  public Optional<UUID> currentPlan(Tenant tenant, PatientId patient) {
    Document running = plans.find(tenant, and(eq("patientId", patient.value()), ne("status", Status.COMPLETED.name())))
        .sort(Sorts.descending("createdAt")).first();
    Document chosen = running != null ? running
        : plans.find(tenant, eq("patientId", patient.value())).sort(Sorts.descending("createdAt")).first();
    return Optional.ofNullable(chosen).map(doc -> UUID.fromString(doc.getString("planId")));
  }

  /** An active plan whose phase review may be due. */
  public record DueReview(Tenant tenant, UUID planId) {}

  /**
   * Active plans, of every clinic, whose review is due by {@code now} (its day has begun in the
   * patient's zone), read through an index of the due ones only.
   */
  public List<DueReview> reviewsDueBy(Instant now) {
    List<DueReview> due = new ArrayList<>();
    for (Document doc : plans.findAcrossTenants(and(eq("status", Status.ACTIVE.name()),
        lte("nextReviewAt", Date.from(now))))) {
      due.add(new DueReview(Tenant.of(doc.getString("tenant")), UUID.fromString(doc.getString("planId"))));
    }
    return due;
  }

  /**
   * Summaries kept from before review times (2026-12-02) hold only the review's day: each gets the
   * time its day begins in the earliest zone (when reviews were due before). Doing it twice changes
   * nothing. @return how many were given one
   */
  public long giveReviewTimes() {
    long given = 0;
    Bson undated = and(Filters.exists("nextReviewAt", false), ne("nextReviewOn", null));
    for (Document doc : plans.findAcrossTenants(undated)) {
      plans.updateFound(doc, and(undated, eq("nextReviewOn", doc.getString("nextReviewOn"))), set("nextReviewAt",
          Date.from(LocalDate.parse(doc.getString("nextReviewOn")).atStartOfDay(ZoneOffset.MAX).toInstant())));
      given++;
    }
    return given;
  }

  /** One plan as the clinic's list shows it. */
  public record Listed(UUID planId, String patientId, Status status, String phase, String variant,
      String nextReviewOn, boolean clinicianReviewRequested, Date updatedAt) {}

  /** The clinic's plans, most recently changed first; {@code status} null for all. */
  public List<Listed> list(Tenant tenant, Status status, int page, int size) {
    List<Listed> listed = new ArrayList<>();
    for (Document doc : plans.find(tenant, filter(status)).sort(Sorts.descending("updatedAt")).skip(page * size)
        .limit(size)) {
      listed.add(new Listed(UUID.fromString(doc.getString("planId")), doc.getString("patientId"),
          Status.valueOf(doc.getString("status")), doc.getString("phase"), doc.getString("variant"),
          doc.getString("nextReviewOn"), Boolean.TRUE.equals(doc.getBoolean("clinicianReviewRequested")),
          doc.getDate("updatedAt")));
    }
    return listed;
  }

  /** How many of the clinic's plans have {@code status} (all when null), counted up to {@code atMost}. */
  public long count(Tenant tenant, Status status, int atMost) {
    return plans.count(tenant, filter(status), atMost);
  }

  private static Bson filter(Status status) {
    return status == null ? Filters.empty() : eq("status", status.name());
  }

  /**
   * The patient's plans that are open (awaiting approval, active or suspended), newest first. One at
   * most since one plan per patient is kept (CLINICAL §8); data from before may hold more.
   */
  public List<UUID> openPlans(Tenant tenant, PatientId patient) {
    List<UUID> open = new ArrayList<>();
    for (Document doc : plans.find(tenant, and(eq("patientId", patient.value()),
        ne("status", Status.COMPLETED.name()))).sort(Sorts.descending("createdAt"))) {
      open.add(UUID.fromString(doc.getString("planId")));
    }
    return open;
  }
}
