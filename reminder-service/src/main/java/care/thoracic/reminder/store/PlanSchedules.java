package care.thoracic.reminder.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.addToSet;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.WorkPattern;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.EventType;
import care.thoracic.contracts.events.PatientErased;
import care.thoracic.contracts.events.PhaseAdvanced;
import care.thoracic.contracts.events.PlanCompleted;
import care.thoracic.contracts.events.PlanResumed;
import care.thoracic.contracts.events.PlanStarted;
import care.thoracic.contracts.events.PlanSuspended;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.eventsourcing.projection.Projection;
import care.thoracic.eventsourcing.projection.ProjectionCollection;
import care.thoracic.reminder.domain.ScheduledPlan;
import com.mongodb.client.MongoDatabase;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * One document per plan with what its reminders depend on: phase and its first day, onset, zone,
 * work pattern, whether it runs, and the days a session was logged. Built from the plan events
 * and the sessions; the planner computes the schedule from it.
 */
@Singleton
public class PlanSchedules implements Projection {
  private static final Set<EventType> HANDLED = EnumSet.of(EventType.PLAN_STARTED, EventType.PHASE_ADVANCED,
      EventType.PLAN_SUSPENDED, EventType.PLAN_RESUMED, EventType.PLAN_COMPLETED, EventType.SESSION_LOGGED);
  private static final String RUNNING = "RUNNING";

  private final ProjectionCollection plans;

  @Inject
  public PlanSchedules(MongoDatabase database) {
    this.plans = new ProjectionCollection(database, "reminder_plans").index("status");
  }

  @Override
  public String name() {
    return "plan-schedules";
  }

  @Override
  public Set<EventType> handles() {
    return HANDLED;
  }

  /** The plan an event is about, for the events this projection reads. */
  public static Optional<UUID> planOf(CareEvent event) {
    return switch (event) {
      case PlanStarted e -> Optional.of(e.planId());
      case PhaseAdvanced e -> Optional.of(e.planId());
      case PlanSuspended e -> Optional.of(e.planId());
      case PlanResumed e -> Optional.of(e.planId());
      case PlanCompleted e -> Optional.of(e.planId());
      case SessionLogged e -> Optional.of(e.planId());
      default -> Optional.empty();
    };
  }

  @Override
  public void apply(EventEnvelope<? extends CareEvent> envelope) {
    switch (envelope.event()) {
      case PlanStarted started -> update(envelope, started.planId(), combine(set("status", RUNNING),
          set("patientId", started.patientId().value()), set("phase", started.phase().name()),
          set("phaseStartedOn", started.startedOn().toString()), set("onsetDate", started.onsetDate().toString()),
          set("timezone", started.timezone().getId()), set("work", work(started.work()))));
      case PhaseAdvanced advanced -> update(envelope, advanced.planId(), combine(
          set("phase", advanced.toPhase().name()), set("phaseStartedOn", advanced.phaseStartedOn().toString())));
      case PlanSuspended suspended -> update(envelope, suspended.planId(), set("status", "SUSPENDED"));
      case PlanResumed resumed -> update(envelope, resumed.planId(), combine(set("status", RUNNING),
          set("phase", resumed.phase().name())));
      case PlanCompleted completed -> update(envelope, completed.planId(), set("status", "COMPLETED"));
      case SessionLogged session -> update(envelope, session.planId(),
          addToSet("sessionDays", session.performedOn().toString()));
      default -> { }
    }
  }

  private void update(EventEnvelope<?> envelope, UUID planId, Bson update) {
    plans.applyOnce(envelope, planId.toString(), update);
  }

  @Override
  public void reset() {
    plans.dropAll();
  }

  /** The plan, once its PlanStarted arrived (sessions may come first: they wait for it). */
  public Optional<ScheduledPlan> plan(Tenant tenant, UUID planId) {
    return plans.get(tenant, planId.toString()).filter(doc -> doc.containsKey("phase")).map(PlanSchedules::plan);
  }

  /** The patient's running plans (one, as a rule). */
  public List<ScheduledPlan> runningOf(Tenant tenant, PatientId patient) {
    List<ScheduledPlan> running = new ArrayList<>();
    for (Document doc : plans.find(tenant, and(eq("patientId", patient.value()), eq("status", RUNNING)))) {
      if (doc.containsKey("phase")) {
        running.add(plan(doc));
      }
    }
    return running;
  }

  /** The clinic's running plans: to plan them again after the clinic changed its quiet hours. */
  public List<ScheduledPlan> runningIn(Tenant tenant) {
    List<ScheduledPlan> running = new ArrayList<>();
    for (Document doc : plans.find(tenant, eq("status", RUNNING))) {
      if (doc.containsKey("phase")) {
        running.add(plan(doc));
      }
    }
    return running;
  }

  /** Every running plan of every clinic: for the planner job only, which acts within each plan's tenant. */
  public void forEachRunningAcrossTenants(BiConsumer<Tenant, ScheduledPlan> action) {
    for (Document doc : plans.findAcrossTenants(eq("status", RUNNING))) {
      if (doc.containsKey("phase")) {
        action.accept(Tenant.of(doc.getString("tenant")), plan(doc));
      }
    }
  }

  private static Document work(WorkPattern work) {
    return work == null ? null : new Document("deskHoursPerDay", work.deskHoursPerDay())
        .append("workStart", work.workStart().toString()).append("workEnd", work.workEnd().toString())
        .append("standingDesk", work.standingDesk())
        .append("days", work.days().stream().map(DayOfWeek::name).toList());
  }

  /** A schedule stored before work days were kept (2026-11-30) has none: the pattern's default, Monday to Friday. */
  private static Set<DayOfWeek> workDays(Document work) {
    List<String> days = work.getList("days", String.class);
    return days == null ? null : days.stream().map(DayOfWeek::valueOf).collect(Collectors.toSet());
  }

  private static ScheduledPlan plan(Document doc) {
    Document work = doc.get("work", Document.class);
    return new ScheduledPlan(UUID.fromString(doc.getString("id")), PatientId.of(doc.getString("patientId")),
        Phase.valueOf(doc.getString("phase")), LocalDate.parse(doc.getString("phaseStartedOn")),
        LocalDate.parse(doc.getString("onsetDate")), ZoneId.of(doc.getString("timezone")),
        work == null ? null : new WorkPattern(work.getInteger("deskHoursPerDay"),
            LocalTime.parse(work.getString("workStart")), LocalTime.parse(work.getString("workEnd")),
            work.getBoolean("standingDesk"), workDays(work)),
        RUNNING.equals(doc.getString("status")),
        doc.getList("sessionDays", String.class, List.of()).stream().map(LocalDate::parse)
            .collect(Collectors.toSet()));
  }

  @Override
  public void forget(Tenant tenant, PatientErased erasure) {
    plans.forget(tenant, eq("patientId", erasure.patientId().value()));
  }
}
