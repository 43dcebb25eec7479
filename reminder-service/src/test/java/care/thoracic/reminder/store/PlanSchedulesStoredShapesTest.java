package care.thoracic.reminder.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.EventMetadata;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.PlanVariant;
import care.thoracic.contracts.clinical.WorkPattern;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.PlanStarted;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.eventsourcing.crypto.PatientKeys;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.eventsourcing.testing.TestPatientKeys;
import care.thoracic.reminder.domain.ScheduledPlan;
import care.thoracic.testkit.TestMongo;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The reminder schedules' documents as this version stores them (sealed) and as earlier versions
 * stored them (in the clear, and before work days were kept), read by this one through the real
 * driver.
 */
class PlanSchedulesStoredShapesTest {
  private static final Tenant CLINIC = Tenant.of("clinic-shapes");
  private static final PatientId PATIENT = PatientId.of("pat-shapes-" + UUID.randomUUID());
  private static final LocalDate ONSET = LocalDate.of(2026, 11, 1);
  private static final LocalDate STARTED = LocalDate.of(2026, 11, 5);
  private static final LocalDate SESSION_DAY = LocalDate.of(2026, 11, 6);

  private final MongoDatabase database = TestMongo.client().getDatabase("shapes-" + UUID.randomUUID());
  private final PatientKeys keys = TestPatientKeys.on(TestMongo.client());
  private final PlanSchedules schedules = new PlanSchedules(database, new PatientPayloads(keys));
  private final UUID planId = UUID.randomUUID();
  private long version;

  private void apply(CareEvent event) {
    schedules.apply(new EventEnvelope<>(new EventMetadata(UUID.randomUUID(), CLINIC, "plan-" + planId, ++version,
        Instant.parse("2026-11-05T08:00:00Z"), "corr-1", "cause-1", Actor.service("plan-service")), event));
  }

  private void start(WorkPattern work) {
    apply(new PlanStarted(planId, PATIENT, UUID.randomUUID(), "thoracic-v1@2026.11", PlanVariant.STANDARD,
        Phase.FOUNDATION, ONSET, ZoneId.of("Europe/Berlin"), 6, work, STARTED, LocalDate.of(2026, 11, 19)));
  }

  private void session(LocalDate day) {
    apply(new SessionLogged(UUID.randomUUID(), planId, PATIENT, day, List.of(), 4, 3, Set.of(), null));
  }

  private Document stored() {
    return database.getCollection("reminder_plans").find(Filters.eq("id", planId.toString())).first();
  }

  @Test
  void the_work_days_a_plan_started_with_are_kept() {
    start(new WorkPattern(6, LocalTime.of(22, 0), LocalTime.of(6, 0), false,
        EnumSet.of(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY)));

    assertThat(schedules.plan(CLINIC, planId).orElseThrow().work().days())
        .containsExactlyInAnyOrder(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY);
  }

  @Test
  void the_schedule_is_stored_sealed_and_reads_back_whole() {
    start(new WorkPattern(6, LocalTime.of(22, 0), LocalTime.of(6, 0), true, EnumSet.of(DayOfWeek.SATURDAY)));
    session(SESSION_DAY);
    session(SESSION_DAY); // a second session that day: still one session day

    String json = stored().toJson();
    assertThat(json).contains(PATIENT.value(), "RUNNING")
        .doesNotContain("FOUNDATION", ONSET.toString(), STARTED.toString(), SESSION_DAY.toString(), "Europe/Berlin",
            "SATURDAY", "22:00", "deskHoursPerDay");
    ScheduledPlan plan = schedules.plan(CLINIC, planId).orElseThrow();
    assertThat(plan.phase()).isEqualTo(Phase.FOUNDATION);
    assertThat(plan.onsetDate()).isEqualTo(ONSET);
    assertThat(plan.timezone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(plan.work().workStart()).isEqualTo(LocalTime.of(22, 0));
    assertThat(plan.work().standingDesk()).isTrue();
    assertThat(plan.sessionDays()).containsExactly(SESSION_DAY);
  }

  @Test
  void a_long_running_plan_keeps_the_days_of_its_latest_sessions_only_and_a_longer_list_stored_before_is_cut() {
    start(null);
    // as the version before 2026-12-03 left a long plan: every session's day, however many
    List<String> everyDay = new ArrayList<>();
    for (int day = 0; day < PlanSchedules.SESSION_DAYS_KEPT + 40; day++) {
      everyDay.add(STARTED.plusDays(day).toString());
    }
    database.getCollection("reminder_plans").updateOne(Filters.eq("id", planId.toString()),
        Updates.set("sessionDays", everyDay));
    LocalDate today = STARTED.plusDays(PlanSchedules.SESSION_DAYS_KEPT + 40);
    session(today.minusDays(90)); // logged late, for a day long past
    session(today);

    int kept = PlanSchedules.SESSION_DAYS_KEPT;
    assertThat(stored().getList("sessionDays", Object.class)).hasSize(kept);
    assertThat(schedules.plan(CLINIC, planId).orElseThrow().sessionDays()).as("the latest arrivals")
        .contains(today, today.minusDays(90), today.minusDays(1), today.minusDays(kept - 2))
        .doesNotContain(today.minusDays(kept - 1)).hasSize(kept);
  }

  @Test
  void a_sealed_value_copied_to_another_field_does_not_open() {
    start(null);
    Document doc = stored();
    database.getCollection("reminder_plans").updateOne(Filters.eq("_id", doc.get("_id")),
        Updates.set("phaseStartedOn", doc.getString("onsetDate")));

    assertThatThrownBy(() -> schedules.plan(CLINIC, planId)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not sealed with this key for this context");
  }

  @Test
  void given_a_schedule_stored_in_the_clear_before_sealing_it_reads_and_takes_sealed_session_days() {
    start(null);
    // as the version before 2026-12-02 left it: every field in the clear, the work pattern a document
    database.getCollection("reminder_plans").updateOne(Filters.eq("id", planId.toString()), Updates.combine(
        Updates.set("phase", "MOBILITY"), Updates.set("phaseStartedOn", "2026-11-12"),
        Updates.set("onsetDate", ONSET.toString()), Updates.set("timezone", "America/Chicago"),
        Updates.set("work", new Document("deskHoursPerDay", 8).append("workStart", "09:00")
            .append("workEnd", "17:00").append("standingDesk", false).append("days", List.of("MONDAY"))),
        Updates.set("sessionDays", new ArrayList<>(List.of("2026-11-13")))));
    session(LocalDate.of(2026, 11, 14));

    ScheduledPlan plan = schedules.plan(CLINIC, planId).orElseThrow();
    assertThat(plan.phase()).isEqualTo(Phase.MOBILITY);
    assertThat(plan.phaseStartedOn()).isEqualTo(LocalDate.of(2026, 11, 12));
    assertThat(plan.timezone()).isEqualTo(ZoneId.of("America/Chicago"));
    assertThat(plan.work().days()).containsExactly(DayOfWeek.MONDAY);
    assertThat(plan.sessionDays()).containsExactlyInAnyOrder(LocalDate.of(2026, 11, 13), LocalDate.of(2026, 11, 14));
  }

  @Test
  void given_a_work_pattern_stored_before_work_days_were_kept_it_reads_as_monday_to_friday() {
    start(null);
    // as the version before 2026-11-30 left it: the work pattern in the clear, without days
    database.getCollection("reminder_plans").updateOne(Filters.eq("id", planId.toString()),
        Updates.set("work", new Document("deskHoursPerDay", 8).append("workStart", "09:00")
            .append("workEnd", "17:00").append("standingDesk", true)));

    WorkPattern old = schedules.plan(CLINIC, planId).orElseThrow().work();
    assertThat(old.days()).isEqualTo(WorkPattern.WEEKDAYS);
    assertThat(old.workStart()).isEqualTo(LocalTime.of(9, 0));
    assertThat(old.standingDesk()).isTrue();
  }

  @Test
  void a_patient_erased_a_moment_ago_is_skipped_by_the_planner_while_every_other_plan_goes_on() {
    start(null);
    UUID otherPlan = UUID.randomUUID();
    PatientId other = PatientId.of("pat-shapes-other-" + UUID.randomUUID());
    schedules.apply(new EventEnvelope<>(new EventMetadata(UUID.randomUUID(), CLINIC, "plan-" + otherPlan, 1,
        Instant.parse("2026-11-05T08:00:00Z"), "corr-2", "cause-2", Actor.service("plan-service")),
        new PlanStarted(otherPlan, other, UUID.randomUUID(), "thoracic-v1@2026.11", PlanVariant.STANDARD,
            Phase.FOUNDATION, ONSET, ZoneId.of("Europe/Berlin"), 6, null, STARTED, LocalDate.of(2026, 11, 19))));

    keys.destroy(CLINIC, PATIENT); // the key is gone; the view has not yet heard of the erasure

    List<UUID> planned = new ArrayList<>();
    schedules.forEachRunningAcrossTenants((tenant, plan) -> planned.add(plan.planId()));
    assertThat(planned).contains(otherPlan).doesNotContain(planId);
    assertThat(schedules.runningIn(CLINIC)).extracting(ScheduledPlan::planId).containsExactly(otherPlan);
    assertThat(schedules.plan(CLINIC, planId)).isEmpty();
  }
}
