package care.thoracic.reminder.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.pushEach;
import static com.mongodb.client.model.Updates.set;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientErasedException;
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
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.eventsourcing.projection.Projection;
import care.thoracic.eventsourcing.projection.ProjectionCollection;
import care.thoracic.reminder.domain.ScheduledPlan;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.PushOptions;
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
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * One document per plan with what its reminders depend on: phase and its first day, onset, zone,
 * work pattern, whether it runs, and the days a session was logged. Built from the plan events
 * and the sessions; the planner computes the schedule from it.
 *
 * <p>What says something about the patient's health or life (phase, its first day, onset, zone,
 * work pattern, session days) is sealed with the patient's key, each value bound to its plan and
 * field; tenant, patient, plan and status stay readable to find the plans. Documents stored in the
 * clear before 2026-12-02 read as they are, and a rebuild seals them.
 */
@Singleton
public class PlanSchedules implements Projection {
  private static final Set<EventType> HANDLED = EnumSet.of(EventType.PLAN_STARTED, EventType.PHASE_ADVANCED,
      EventType.PLAN_SUSPENDED, EventType.PLAN_RESUMED, EventType.PLAN_COMPLETED, EventType.SESSION_LOGGED);
  private static final String RUNNING = "RUNNING";
  /**
   * The days of the plan's latest sessions, in the order they arrived: the planner asks only whether
   * a day from today to the horizon had one, and a session is logged for a day already begun, so the
   * latest arrivals hold every day it can ask about (unless more than this many sessions for earlier
   * days were logged after today's: then today's exercise reminder may be planned again). Bounded, the
   * document and each read of it (every day opened, twice per replan) stay the same size however long
   * the plan runs; a longer list stored before (2026-12-03) is cut to this on the plan's next session.
   */
  static final int SESSION_DAYS_KEPT = 21;

  private final ProjectionCollection plans;
  private final PatientPayloads payloads;

  @Inject
  public PlanSchedules(MongoDatabase database, PatientPayloads payloads) {
    this.plans = new ProjectionCollection(database, "reminder_plans").index("status");
    this.payloads = payloads;
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
          set("patientId", started.patientId().value()), sealed(envelope, started.planId(), "phase",
              started.phase().name()), sealed(envelope, started.planId(), "phaseStartedOn",
              started.startedOn().toString()), sealed(envelope, started.planId(), "onsetDate",
              started.onsetDate().toString()), sealed(envelope, started.planId(), "timezone",
              started.timezone().getId()), started.work() == null ? set("work", null)
              : sealed(envelope, started.planId(), "work", work(started.work()).toJson())));
      case PhaseAdvanced advanced -> update(envelope, advanced.planId(), combine(
          sealed(envelope, advanced.planId(), "phase", advanced.toPhase().name()),
          sealed(envelope, advanced.planId(), "phaseStartedOn", advanced.phaseStartedOn().toString())));
      case PlanSuspended suspended -> update(envelope, suspended.planId(), set("status", "SUSPENDED"));
      case PlanResumed resumed -> update(envelope, resumed.planId(), combine(set("status", RUNNING),
          sealed(envelope, resumed.planId(), "phase", resumed.phase().name())));
      case PlanCompleted completed -> update(envelope, completed.planId(), set("status", "COMPLETED"));
      // each seal differs, so a day logged twice is kept twice: reading makes it one day again
      case SessionLogged session -> update(envelope, session.planId(), pushEach("sessionDays",
          List.of(seal(envelope, session.planId(), "sessionDays", session.performedOn().toString())),
          new PushOptions().slice(-SESSION_DAYS_KEPT)));
      default -> { }
    }
  }

  /** Sets a field of the plan's document to its value sealed with the patient's key for that plan and field. */
  private Bson sealed(EventEnvelope<? extends CareEvent> envelope, UUID planId, String field, String value) {
    return set(field, seal(envelope, planId, field, value));
  }

  private String seal(EventEnvelope<? extends CareEvent> envelope, UUID planId, String field, String value) {
    return payloads.sealField(envelope.tenant(), envelope.event().patientId(), place(planId.toString(), field), value);
  }

  private static String place(String planId, String field) {
    return "reminder_plans/" + planId + "/" + field;
  }

  private void update(EventEnvelope<?> envelope, UUID planId, Bson update) {
    plans.applyOnce(envelope, planId.toString(), update);
  }

  @Override
  public void reset() {
    plans.dropAll();
  }

  /**
   * The plan, once its PlanStarted arrived (sessions may come first: they wait for it); none once
   * its patient is erased.
   */
  public Optional<ScheduledPlan> plan(Tenant tenant, UUID planId) {
    return plans.get(tenant, planId.toString()).flatMap(doc -> readable(tenant, doc));
  }

  /** The patient's running plans (one, as a rule). */
  public List<ScheduledPlan> runningOf(Tenant tenant, PatientId patient) {
    return running(tenant, plans.find(tenant, and(eq("patientId", patient.value()), eq("status", RUNNING))));
  }

  /** The clinic's running plans: to plan them again after the clinic changed its quiet hours. */
  public List<ScheduledPlan> runningIn(Tenant tenant) {
    return running(tenant, plans.find(tenant, eq("status", RUNNING)));
  }

  private List<ScheduledPlan> running(Tenant tenant, Iterable<Document> docs) {
    List<ScheduledPlan> running = new ArrayList<>();
    for (Document doc : docs) {
      readable(tenant, doc).ifPresent(running::add);
    }
    return running;
  }

  /** Every running plan of every clinic: for the planner job only, which acts within each plan's tenant. */
  public void forEachRunningAcrossTenants(BiConsumer<Tenant, ScheduledPlan> action) {
    for (Document doc : plans.findAcrossTenants(eq("status", RUNNING))) {
      Tenant tenant = Tenant.of(doc.getString("tenant"));
      readable(tenant, doc).ifPresent(plan -> action.accept(tenant, plan));
    }
  }

  /**
   * The plan, once started; none for a patient erased a moment ago whose plan this view has not yet
   * forgotten (it does shortly), so one erasure does not stop the planner for every other plan.
   */
  private Optional<ScheduledPlan> readable(Tenant tenant, Document doc) {
    if (!doc.containsKey("phase")) {
      return Optional.empty();
    }
    try {
      return Optional.of(plan(tenant, doc));
    } catch (PatientErasedException e) {
      return Optional.empty();
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

  private ScheduledPlan plan(Tenant tenant, Document doc) {
    PatientId patient = PatientId.of(doc.getString("patientId"));
    String planId = doc.getString("id");
    Function<String, String> opened = field -> payloads.openField(tenant, patient, place(planId, field),
        doc.getString(field));
    Object storedWork = doc.get("work"); // a Document when stored in the clear
    Document work = storedWork instanceof String sealed
        ? Document.parse(payloads.openField(tenant, patient, place(planId, "work"), sealed)) : (Document) storedWork;
    return new ScheduledPlan(UUID.fromString(planId), patient,
        Phase.valueOf(opened.apply("phase")), LocalDate.parse(opened.apply("phaseStartedOn")),
        LocalDate.parse(opened.apply("onsetDate")), ZoneId.of(opened.apply("timezone")),
        work == null ? null : new WorkPattern(work.getInteger("deskHoursPerDay"),
            LocalTime.parse(work.getString("workStart")), LocalTime.parse(work.getString("workEnd")),
            work.getBoolean("standingDesk"), workDays(work)),
        RUNNING.equals(doc.getString("status")),
        doc.getList("sessionDays", String.class, List.of()).stream()
            .map(day -> LocalDate.parse(payloads.openField(tenant, patient, place(planId, "sessionDays"), day)))
            .collect(Collectors.toSet()));
  }

  @Override
  public void forget(Tenant tenant, PatientErased erasure) {
    plans.forget(tenant, eq("patientId", erasure.patientId().value()));
  }
}
