package care.thoracic.reminder.jobs;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.reminder.domain.ReminderPreferences;
import care.thoracic.reminder.domain.ReminderSchedule;
import care.thoracic.reminder.domain.ScheduledPlan;
import care.thoracic.reminder.store.PlanSchedules;
import care.thoracic.reminder.store.PreferencesStore;
import care.thoracic.reminder.store.Reminders;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps each running plan's stored reminders for the next {@code reminders.horizon} equal to what
 * the schedule says: again whenever an event changes the plan, and every
 * {@code reminders.planner.every} so the horizon moves on. Planning the same span twice changes
 * nothing (the reminder ids are derived), so several instances may plan at once.
 */
@ApplicationScoped
public class ReminderPlanner {
  private static final Logger LOG = Logger.getLogger(ReminderPlanner.class);

  @Inject PlanSchedules plans;
  @Inject Reminders reminders;
  @Inject PreferencesStore preferences;
  @Inject ReminderSchedule schedule;
  @Inject Clock clock;
  @ConfigProperty(name = "reminders.horizon") Duration horizon;

  public void replan(Tenant tenant, UUID planId) {
    plans.plan(tenant, planId).ifPresent(plan -> replan(tenant, plan));
  }

  /** After the patient changed their preferences. */
  public void replanPatient(Tenant tenant, PatientId patient) {
    plans.runningOf(tenant, patient).forEach(plan -> replan(tenant, plan));
  }

  private void replan(Tenant tenant, ScheduledPlan plan) {
    Instant now = clock.instant();
    Instant until = now.plus(horizon);
    ReminderPreferences chosen = preferences.of(tenant, plan.patientId()).schedule();
    reminders.reconcile(tenant, plan, schedule.between(plan, chosen, now, until), now, until);
  }

  @Scheduled(every = "${reminders.planner.every}", identity = "reminder-planner",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void extendHorizons() {
    int[] planned = {0};
    plans.forEachRunningAcrossTenants((tenant, plan) -> {
      replan(tenant, plan);
      planned[0]++;
    });
    LOG.debugf("planned the next %s of %d running plans", horizon, planned[0]);
  }
}
