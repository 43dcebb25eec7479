package care.thoracic.reminder.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.EventMetadata;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.PlanVariant;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.PlanResumed;
import care.thoracic.contracts.events.PlanStarted;
import care.thoracic.contracts.events.PlanSuspended;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.eventsourcing.testing.TestPatientKeys;
import care.thoracic.reminder.domain.PlannedReminder;
import care.thoracic.reminder.domain.ReminderRules;
import care.thoracic.reminder.domain.ReminderSchedule;
import care.thoracic.reminder.domain.ScheduledPlan;
import care.thoracic.reminder.store.ClinicQuietHours;
import care.thoracic.reminder.store.PlanSchedules;
import care.thoracic.reminder.store.PreferencesStore;
import care.thoracic.reminder.store.Reminders;
import care.thoracic.reminder.store.Reminders.Status;
import care.thoracic.testkit.TestMongo;
import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A plan changes while one of its replans is between reading it and writing its reminders (a
 * session and the suspension it caused arrive on two topics, read by two consumers at once). The
 * replan that read the older plan writes last; what is stored must still be what the newest plan
 * says. The interleaving is forced: the newer event is applied and planned inside the older
 * replan's write.
 */
class ReminderPlannerRaceTest {
  private static final Tenant CLINIC = Tenant.of("clinic-race");
  private static final PatientId PATIENT = PatientId.of("pat-race");
  private static final Instant NOW = Instant.parse("2026-11-10T08:00:00Z");

  private final MongoDatabase database = TestMongo.client().getDatabase("planner-race-" + UUID.randomUUID());
  private final PatientPayloads payloads = TestPatientKeys.payloads(TestMongo.client());
  private final PlanSchedules schedules = new PlanSchedules(database, payloads);
  private final InterleavingReminders reminders = new InterleavingReminders(database);
  private final ReminderPlanner planner = new ReminderPlanner();
  private final UUID planId = UUID.randomUUID();
  private long version;

  @BeforeEach
  void wire() {
    planner.plans = schedules;
    planner.reminders = reminders;
    planner.preferences = new PreferencesStore(database, payloads);
    planner.clinicQuietHours = new ClinicQuietHours(new EventStore(database, Clock.systemUTC(), Clock.systemUTC(),
        payloads));
    planner.schedule = new ReminderSchedule(ReminderRules.CURRENT);
    planner.clock = Clock.fixed(NOW, ZoneOffset.UTC);
    planner.horizon = Duration.ofHours(48);
    planner.dispatchLoop = new DispatchLoop(); // not started: no dispatcher to wake
  }

  @Test
  void given_a_replan_that_read_the_plan_running_when_the_suspension_is_planned_before_its_write_then_nothing_stays_pending() {
    planned(new PlanStarted(planId, PATIENT, UUID.randomUUID(), "thoracic-v1@2026.11", PlanVariant.STANDARD,
        Phase.FOUNDATION, LocalDate.of(2026, 11, 1), ZoneId.of("Europe/Berlin"), 5, null,
        LocalDate.of(2026, 11, 9), LocalDate.of(2026, 11, 23)));
    assertThat(pending()).isNotEmpty();

    reminders.beforeNextWrite(() -> planned(new PlanSuspended(planId, PATIENT, null, null, "Numbness reported.")));
    planner.replan(CLINIC, planId);

    assertThat(pending()).as("pending reminders of a suspended plan").isEmpty();
    assertThat(reminders.ofPatient(CLINIC, PATIENT, Status.CANCELLED, null, null, 0, 500)).isNotEmpty();
  }

  @Test
  void given_a_replan_that_read_the_plan_suspended_when_the_resumption_is_planned_before_its_write_then_the_reminders_are_pending() {
    planned(new PlanStarted(planId, PATIENT, UUID.randomUUID(), "thoracic-v1@2026.11", PlanVariant.STANDARD,
        Phase.FOUNDATION, LocalDate.of(2026, 11, 1), ZoneId.of("Europe/Berlin"), 5, null,
        LocalDate.of(2026, 11, 9), LocalDate.of(2026, 11, 23)));
    planned(new PlanSuspended(planId, PATIENT, null, null, "Numbness reported."));
    assertThat(pending()).isEmpty();

    reminders.beforeNextWrite(() -> planned(new PlanResumed(planId, PATIENT, Phase.FOUNDATION, List.of(),
        "MRI clear.", LocalDate.of(2026, 11, 24))));
    planner.replan(CLINIC, planId);

    assertThat(pending()).as("pending reminders of a resumed plan").isNotEmpty();
  }

  /** As the consumer does: the event applied to the schedule, then the plan planned again. */
  private void planned(CareEvent event) {
    schedules.apply(new EventEnvelope<>(new EventMetadata(UUID.randomUUID(), CLINIC, "plan-" + planId, ++version,
        NOW, "corr-race", "cause-race", Actor.service("plan-service")), event));
    planner.replan(CLINIC, planId);
  }

  private List<Reminders.StoredReminder> pending() {
    return reminders.ofPatient(CLINIC, PATIENT, Status.PENDING, null, null, 0, 500);
  }

  /** Runs a step just before the next reconcile writes, once: where another consumer's replan may slip in. */
  private static final class InterleavingReminders extends Reminders {
    private Runnable beforeNextWrite = () -> { };

    InterleavingReminders(MongoDatabase database) {
      super(database);
    }

    void beforeNextWrite(Runnable step) {
      beforeNextWrite = step;
    }

    @Override
    public void reconcile(Tenant tenant, ScheduledPlan plan, List<PlannedReminder> planned, Instant from, Instant to) {
      Runnable step = beforeNextWrite;
      beforeNextWrite = () -> { };
      step.run();
      super.reconcile(tenant, plan, planned, from, to);
    }
  }
}
