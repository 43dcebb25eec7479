package care.thoracic.reminder.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.EventMetadata;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.Channel;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.PlanVariant;
import care.thoracic.contracts.clinical.ReminderKind;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.PlanResumed;
import care.thoracic.contracts.events.PlanStarted;
import care.thoracic.contracts.events.PlanSuspended;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.eventsourcing.store.Causation;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.eventsourcing.testing.TestPatientKeys;
import care.thoracic.reminder.domain.PlannedReminder;
import care.thoracic.reminder.domain.QuietHours;
import care.thoracic.reminder.domain.ReminderPreferences;
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
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A plan, or what its patient or clinic chose, changes while one of its replans is between reading
 * it and writing its reminders (a session and the suspension it caused arrive on two topics, read
 * by two consumers at once; a patient picks an exercise time while the planner job walks the
 * clinic). The replan that read the older inputs writes last; what is stored must still be what the
 * newest plan and choices say. The interleaving is forced: the newer change is stored and planned
 * inside the older replan's write.
 */
class ReminderPlannerRaceTest {
  private static final Tenant CLINIC = Tenant.of("clinic-race");
  private static final PatientId PATIENT = PatientId.of("pat-race");
  private static final Instant NOW = Instant.parse("2026-11-10T08:00:00Z");

  private final MongoDatabase database = TestMongo.client().getDatabase("planner-race-" + UUID.randomUUID());
  private final PatientPayloads payloads = TestPatientKeys.payloads(TestMongo.client());
  private final CountingSchedules schedules = new CountingSchedules(database, payloads);
  private final InterleavingReminders reminders = new InterleavingReminders(database);
  private final ClinicQuietHours clinicQuietHours = new ClinicQuietHours(new EventStore(database, Clock.systemUTC(),
      Clock.systemUTC(), payloads));
  private final ReminderPlanner planner = new ReminderPlanner();
  private final UUID planId = UUID.randomUUID();
  private long version;

  @BeforeEach
  void wire() {
    planner.plans = schedules;
    planner.reminders = reminders;
    planner.preferences = new PreferencesStore(database, payloads);
    planner.clinicQuietHours = clinicQuietHours;
    planner.schedule = new ReminderSchedule(ReminderRules.CURRENT);
    planner.clock = Clock.fixed(NOW, ZoneOffset.UTC);
    planner.horizon = Duration.ofHours(48);
    planner.dispatchLoop = new DispatchLoop(); // not started: no dispatcher to wake
  }

  @Test
  void given_a_replan_that_read_the_plan_running_when_the_suspension_is_planned_before_its_write_then_nothing_stays_pending() {
    planned(started());
    assertThat(pending()).isNotEmpty();

    reminders.beforeNextWrite(() -> planned(new PlanSuspended(planId, PATIENT, null, null, "Numbness reported.")));
    planner.replan(CLINIC, planId);

    assertThat(pending()).as("pending reminders of a suspended plan").isEmpty();
    assertThat(reminders.ofPatient(CLINIC, PATIENT, Status.CANCELLED, null, null, 0, 500)).isNotEmpty();
  }

  @Test
  void given_a_replan_that_read_the_plan_suspended_when_the_resumption_is_planned_before_its_write_then_the_reminders_are_pending() {
    planned(started());
    planned(new PlanSuspended(planId, PATIENT, null, null, "Numbness reported."));
    assertThat(pending()).isEmpty();

    reminders.beforeNextWrite(() -> planned(new PlanResumed(planId, PATIENT, Phase.FOUNDATION, List.of(),
        "MRI clear.", LocalDate.of(2026, 11, 24))));
    planner.replan(CLINIC, planId);

    assertThat(pending()).as("pending reminders of a resumed plan").isNotEmpty();
  }

  @Test
  void given_a_replan_that_read_the_default_exercise_time_when_the_patient_picks_11_before_its_write_then_exercise_is_at_11() {
    planned(started());
    assertThat(exerciseTimes()).containsOnly(LocalTime.of(18, 0));

    reminders.beforeNextWrite(() -> {
      planner.preferences.save(CLINIC, PATIENT, new PreferencesStore.Stored(
          new ReminderPreferences(LocalTime.of(11, 0), null, null), Channel.INBOX, null));
      planner.replanPatient(CLINIC, PATIENT); // the preferences request's own replan
    });
    planner.replan(CLINIC, planId);

    assertThat(exerciseTimes()).as("pending exercise reminders, by local time").containsOnly(LocalTime.of(11, 0));
  }

  @Test
  void given_a_replan_that_read_no_clinic_quiet_hours_when_the_clinic_sets_them_before_its_write_then_none_falls_inside() {
    planned(started());
    QuietHours evenings = new QuietHours(LocalTime.of(18, 30), LocalTime.of(9, 30));
    assertThat(pending()).anyMatch(reminder -> evenings.contains(reminder.localDue().toLocalTime()));

    reminders.beforeNextWrite(() -> {
      clinicQuietHours.set(CLINIC, evenings, "Evenings off.", Causation.scheduled("test", "quiet-hours"));
      planner.replanClinic(CLINIC); // the setting request's own replan
    });
    planner.replan(CLINIC, planId);

    assertThat(pending()).as("pending reminders").isNotEmpty()
        .noneMatch(reminder -> evenings.contains(reminder.localDue().toLocalTime()));
  }

  @Test
  void given_the_reminders_already_as_planned_a_replan_writes_nothing_and_reads_the_plan_once() {
    planned(started());
    List<Reminders.StoredReminder> before = pending();
    int readsBefore = schedules.reads;

    planner.replan(CLINIC, planId); // a second session on a day already planned, or the planner's round

    assertThat(schedules.reads - readsBefore).as("plan reads: no check after a replan that wrote nothing")
        .isEqualTo(1);
    assertThat(pending()).isEqualTo(before);
  }

  private PlanStarted started() {
    return new PlanStarted(planId, PATIENT, UUID.randomUUID(), "thoracic-v1@2026.11", PlanVariant.STANDARD,
        Phase.FOUNDATION, LocalDate.of(2026, 11, 1), ZoneId.of("Europe/Berlin"), 5, null,
        LocalDate.of(2026, 11, 9), LocalDate.of(2026, 11, 23));
  }

  private Set<LocalTime> exerciseTimes() {
    return pending().stream().filter(reminder -> reminder.kind() == ReminderKind.EXERCISE)
        .map(reminder -> reminder.localDue().toLocalTime()).collect(Collectors.toSet());
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
    public boolean reconcile(Tenant tenant, ScheduledPlan plan, List<PlannedReminder> planned, Instant from,
        Instant to) {
      Runnable step = beforeNextWrite;
      beforeNextWrite = () -> { };
      step.run();
      return super.reconcile(tenant, plan, planned, from, to);
    }
  }

  /** Counts the plan's reads. */
  private static final class CountingSchedules extends PlanSchedules {
    int reads;

    CountingSchedules(MongoDatabase database, PatientPayloads payloads) {
      super(database, payloads);
    }

    @Override
    public Optional<ScheduledPlan> plan(Tenant tenant, UUID planId) {
      reads++;
      return super.plan(tenant, planId);
    }
  }
}
