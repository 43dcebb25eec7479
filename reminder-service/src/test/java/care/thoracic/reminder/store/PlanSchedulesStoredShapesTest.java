package care.thoracic.reminder.store;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.EventMetadata;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.PlanVariant;
import care.thoracic.contracts.clinical.WorkPattern;
import care.thoracic.contracts.events.PlanStarted;
import care.thoracic.testkit.TestMongo;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The reminder schedules' documents as earlier versions stored them, read by this one through the
 * real driver: a work pattern stored before work days were kept reads as Monday to Friday.
 */
class PlanSchedulesStoredShapesTest {
  private static final Tenant CLINIC = Tenant.of("clinic-shapes");
  private static final PatientId PATIENT = PatientId.of("pat-shapes");

  private final MongoDatabase database = TestMongo.client().getDatabase("shapes-" + UUID.randomUUID());
  private final PlanSchedules schedules = new PlanSchedules(database);
  private final UUID planId = UUID.randomUUID();

  private void start(WorkPattern work) {
    PlanStarted started = new PlanStarted(planId, PATIENT, UUID.randomUUID(), "thoracic-v1@2026.11",
        PlanVariant.STANDARD, Phase.FOUNDATION, LocalDate.of(2026, 11, 1), ZoneId.of("Europe/Berlin"), 6, work,
        LocalDate.of(2026, 11, 5), LocalDate.of(2026, 11, 19));
    schedules.apply(new EventEnvelope<>(new EventMetadata(UUID.randomUUID(), CLINIC, "plan-" + planId, 1,
        Instant.parse("2026-11-05T08:00:00Z"), "corr-1", "cause-1", Actor.service("plan-service")), started));
  }

  @Test
  void the_work_days_a_plan_started_with_are_kept() {
    start(new WorkPattern(6, LocalTime.of(22, 0), LocalTime.of(6, 0), false,
        EnumSet.of(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY)));

    assertThat(schedules.plan(CLINIC, planId).orElseThrow().work().days())
        .containsExactlyInAnyOrder(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY);
  }

  @Test
  void given_a_work_pattern_stored_before_work_days_were_kept_it_reads_as_monday_to_friday() {
    start(new WorkPattern(8, LocalTime.of(9, 0), LocalTime.of(17, 0), true, EnumSet.of(DayOfWeek.SUNDAY)));
    // as the previous version left it: the work pattern without days
    database.getCollection("reminder_plans").updateMany(Filters.eq("id", planId.toString()), Updates.unset("work.days"));

    WorkPattern old = schedules.plan(CLINIC, planId).orElseThrow().work();
    assertThat(old.days()).isEqualTo(WorkPattern.WEEKDAYS);
    assertThat(old.workStart()).isEqualTo(LocalTime.of(9, 0));
    assertThat(old.standingDesk()).isTrue();
  }
}
