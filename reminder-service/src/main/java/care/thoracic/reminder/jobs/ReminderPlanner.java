package care.thoracic.reminder.jobs;

import care.thoracic.contracts.Nullable;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.reminder.domain.PlannedReminder;
import care.thoracic.reminder.domain.QuietHours;
import care.thoracic.reminder.domain.ReminderPreferences;
import care.thoracic.reminder.domain.ReminderSchedule;
import care.thoracic.reminder.domain.ScheduledPlan;
import care.thoracic.reminder.store.ClinicQuietHours;
import care.thoracic.reminder.store.PlanSchedules;
import care.thoracic.reminder.store.PreferencesStore;
import care.thoracic.reminder.store.Reminders;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps each running plan's stored reminders for the next {@code reminders.horizon} equal to what
 * the schedule says: again whenever an event changes the plan, and every
 * {@code reminders.planner.every} so the horizon moves on. Planning the same span twice changes
 * nothing (the reminder ids are derived), so several instances may plan at once.
 *
 * <p>Plans and choices change while they are planned: a session's replan may read the plan running,
 * the plan's suspension be applied and planned (cancelling what is pending), and only then the
 * session's reminders be written, pending for a suspended plan until someone plans it again; the
 * same with the patient's preferences or the clinic's quiet hours, read by one replan just before
 * they change and written after the change's own replan (the new exercise time lost until the
 * planner's next run). So each replan that wrote reads the plan and the choices once more and
 * plans again until what it read afterwards is what it planned from: whichever replan writes last
 * has seen the newest plan and choices, on this instance or another. A replan that found the
 * reminders as it planned them wrote nothing, so nothing of its older inputs can stand over a newer
 * replan's: it reads nothing more (most replans: a session on a day already planned, the planner's
 * rounds).
 */
@ApplicationScoped
public class ReminderPlanner {
  private static final Logger LOG = Logger.getLogger(ReminderPlanner.class);
  private static final int MAX_ROUNDS = 5;

  @Inject PlanSchedules plans;
  @Inject Reminders reminders;
  @Inject PreferencesStore preferences;
  @Inject ClinicQuietHours clinicQuietHours;
  @Inject ReminderSchedule schedule;
  @Inject Clock clock;
  @Inject DispatchLoop dispatchLoop;
  @ConfigProperty(name = "reminders.horizon") Duration horizon;

  public void replan(Tenant tenant, UUID planId) {
    plans.plan(tenant, planId).ifPresent(plan -> replan(tenant, plan, clinicQuietHours.of(tenant).chosen()));
  }

  /** After the patient changed their preferences. */
  public void replanPatient(Tenant tenant, PatientId patient) {
    QuietHours clinicDefault = clinicQuietHours.of(tenant).chosen();
    plans.runningOf(tenant, patient).forEach(plan -> replan(tenant, plan, clinicDefault));
  }

  /** After the clinic changed its quiet hours: each running plan of the clinic, one after another. */
  public void replanClinic(Tenant tenant) {
    QuietHours clinicDefault = clinicQuietHours.of(tenant).chosen();
    plans.runningIn(tenant).forEach(plan -> replan(tenant, plan, clinicDefault));
  }

  /**
   * @param clinicDefault the clinic's quiet hours (null: the rules' default), read once per run for
   *     the first round; the check after each write reads them again, per plan, to see a change
   */
  private void replan(Tenant tenant, ScheduledPlan plan, @Nullable QuietHours clinicDefault) {
    ScheduledPlan planned = plan;
    ReminderPreferences chosen = chosenFor(tenant, plan, clinicDefault);
    for (int round = 1; ; round++) {
      if (!reconcile(tenant, planned, chosen)) {
        return; // nothing written over what a newer plan or choice planned
      }
      Optional<ScheduledPlan> afterwards = plans.plan(tenant, planned.planId());
      if (afterwards.isEmpty()) {
        return;
      }
      ReminderPreferences chosenAfterwards = chosenFor(tenant, afterwards.get(), clinicQuietHours.of(tenant).chosen());
      if (afterwards.get().equals(planned) && chosenAfterwards.equals(chosen)) {
        return;
      }
      if (round == MAX_ROUNDS) {
        // each change is planned by its own event's or request's replan as well; the planner job is the backstop
        LOG.warnf("plan %s or its patient's choices kept changing while it was planned; left to the next replan",
            planned.planId());
        return;
      }
      planned = afterwards.get();
      chosen = chosenAfterwards;
    }
  }

  /** The patient's choices for {@code plan}, the clinic's quiet hours where they chose none. */
  private ReminderPreferences chosenFor(Tenant tenant, ScheduledPlan plan, @Nullable QuietHours clinicDefault) {
    return preferences.of(tenant, plan.patientId()).schedule().orClinicQuietHours(clinicDefault);
  }

  /** @return whether the stored reminders were written */
  private boolean reconcile(Tenant tenant, ScheduledPlan plan, ReminderPreferences chosen) {
    Instant now = clock.instant();
    Instant until = now.plus(horizon);
    List<PlannedReminder> planned = schedule.between(plan, chosen, now, until);
    boolean wrote = reminders.reconcile(tenant, plan, planned, now, until);
    planned.stream().map(PlannedReminder::dueAt).min(Comparator.naturalOrder()).ifPresent(dispatchLoop::planned);
    return wrote;
  }

  @Scheduled(every = "${reminders.planner.every}", identity = "reminder-planner",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void extendHorizons() {
    int[] planned = {0};
    Map<Tenant, Optional<QuietHours>> clinicDefaults = new HashMap<>();
    plans.forEachRunningAcrossTenants((tenant, plan) -> {
      replan(tenant, plan, clinicDefaults.computeIfAbsent(tenant,
          clinic -> Optional.ofNullable(clinicQuietHours.of(clinic).chosen())).orElse(null));
      planned[0]++;
    });
    LOG.debugf("planned the next %s of %d running plans", horizon, planned[0]);
  }
}
