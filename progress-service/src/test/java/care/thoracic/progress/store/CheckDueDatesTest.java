package care.thoracic.progress.store;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.EventMetadata;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.PlanVariant;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.PlanCompleted;
import care.thoracic.contracts.events.PlanStarted;
import care.thoracic.eventsourcing.testing.TestPatientKeys;
import care.thoracic.progress.domain.ProgressRules;
import care.thoracic.progress.domain.Thresholds;
import care.thoracic.testkit.TestMongo;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The daily checks' due dates through the real driver and the store's index: a plan is due from its
 * start and again when its patient's next day starts; the job reads only what is due, across
 * clinics; the documents of the version before due dates (only the day last checked) get theirs.
 */
class CheckDueDatesTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId AUCKLAND = ZoneId.of("Pacific/Auckland");
  private static final Instant START = Instant.parse("2026-11-30T08:00:00Z");

  private final MongoDatabase database = TestMongo.client().getDatabase("due-" + UUID.randomUUID());
  private final CheckDueDates dueDates = new CheckDueDates(database);
  private final ProgressViews views = new ProgressViews(database, TestPatientKeys.payloads(TestMongo.client()), dueDates,
      new ProgressRules(Thresholds.CURRENT), Clock.systemUTC());
  private final Map<UUID, Long> versions = new HashMap<>();

  private void apply(Tenant clinic, UUID planId, CareEvent event, Instant at) {
    long version = versions.merge(planId, 1L, Long::sum);
    views.apply(new EventEnvelope<>(new EventMetadata(UUID.randomUUID(), clinic, "plan-" + planId, version, at,
        "corr-1", "cause-1", Actor.service("plan-service")), event));
  }

  private UUID started(Tenant clinic, ZoneId zone, Instant at) {
    UUID planId = UUID.randomUUID();
    apply(clinic, planId, new PlanStarted(planId, PatientId.of("pat-" + planId), UUID.randomUUID(), "thoracic-v1",
        PlanVariant.STANDARD, Phase.FOUNDATION, LocalDate.of(2026, 11, 20), zone, 6, null,
        LocalDate.ofInstant(at, zone), LocalDate.ofInstant(at, zone).plusDays(14)), at);
    return planId;
  }

  @Test
  void a_plan_is_due_from_its_start_and_again_when_its_patients_next_day_starts() {
    Tenant north = Tenant.of("clinic-north");
    Tenant south = Tenant.of("clinic-south");
    UUID berlin = started(north, BERLIN, START);
    UUID auckland = started(south, AUCKLAND, START);
    UUID later = started(north, BERLIN, START.plusSeconds(3_600));

    assertThat(dueDates.dueBy(START, 100)).extracting(CheckDueDates.Due::planId).containsExactlyInAnyOrder(berlin, auckland);
    assertThat(dueDates.dueBy(START.plusSeconds(3_600), 1)).as("the longest due first, a limit at a time")
        .extracting(CheckDueDates.Due::planId).containsAnyOf(berlin, auckland);

    CheckDueDates.Due inBerlin = new CheckDueDates.Due(north, berlin, null);
    dueDates.checked(inBerlin, LocalDate.of(2026, 11, 30), BERLIN);
    dueDates.checked(new CheckDueDates.Due(south, auckland, null), LocalDate.of(2026, 11, 30), AUCKLAND);
    assertThat(dueDates.dueBy(START.plusSeconds(3_600), 100)).extracting(CheckDueDates.Due::planId)
        .containsExactly(later);
    // Auckland's 1 December starts at 11:00 UTC on 30 November, Berlin's at 23:00 UTC
    assertThat(dueDates.dueBy(Instant.parse("2026-11-30T11:00:00Z"), 100)).extracting(CheckDueDates.Due::planId)
        .containsExactlyInAnyOrder(auckland, later);
    assertThat(dueDates.dueBy(Instant.parse("2026-11-30T23:00:00Z"), 100)).extracting(CheckDueDates.Due::planId)
        .containsExactlyInAnyOrder(auckland, later, berlin);
    assertThat(dueDates.dueBy(Instant.parse("2026-11-30T23:00:00Z"), 100)).filteredOn(d -> d.planId().equals(berlin))
        .singleElement().satisfies(due -> assertThat(due.checkedOn()).isEqualTo("2026-11-30"));

    apply(north, berlin, new PlanStarted(berlin, PatientId.of("pat-" + berlin), UUID.randomUUID(), "thoracic-v1",
        PlanVariant.STANDARD, Phase.FOUNDATION, LocalDate.of(2026, 11, 20), BERLIN, 6, null,
        LocalDate.of(2026, 11, 30), null), START); // redelivered with another version: its due date stays
    assertThat(dueDates.dueBy(START.plusSeconds(3_600), 100)).extracting(CheckDueDates.Due::planId)
        .containsExactly(later);
  }

  @Test
  void given_the_checks_of_the_version_before_due_dates_every_running_plan_gets_its_due_date() {
    Tenant clinic = Tenant.of("clinic-old");
    UUID checkedToday = started(clinic, BERLIN, START);
    UUID checkedLastWeek = started(clinic, BERLIN, START);
    UUID neverChecked = started(clinic, BERLIN, START);
    UUID completed = started(clinic, BERLIN, START);
    apply(clinic, completed, new PlanCompleted(completed, PatientId.of("pat-" + completed), "Maintenance done."),
        START);
    var checks = database.getCollection("progress_checks");
    checks.deleteMany(Filters.empty()); // as the previous version left them: the day last checked, no due date
    for (var old : Map.of(checkedToday, "2026-11-30", checkedLastWeek, "2026-11-23", completed, "2026-11-28").entrySet()) {
      checks.insertOne(new Document("_id", clinic.id() + "/" + old.getKey()).append("tenant", clinic.id())
          .append("checkedOn", old.getValue()));
    }

    Instant now = Instant.parse("2026-11-30T12:00:00Z");
    dueDates.giveDueDates(views, now);
    dueDates.giveDueDates(views, now); // twice: the same

    assertThat(dueDates.dueBy(now, 100)).extracting(CheckDueDates.Due::planId)
        .containsExactlyInAnyOrder(checkedLastWeek, neverChecked);
    assertThat(dueDates.dueBy(Instant.parse("2026-11-30T23:00:00Z"), 100)).extracting(CheckDueDates.Due::planId)
        .containsExactlyInAnyOrder(checkedLastWeek, neverChecked, checkedToday);
    assertThat(checks.find(Filters.eq("_id", clinic.id() + "/" + completed)).first()).as("a completed plan: none")
        .isNull();
  }
}
