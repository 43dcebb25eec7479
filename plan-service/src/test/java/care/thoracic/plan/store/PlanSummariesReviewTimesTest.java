package care.thoracic.plan.store;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.DecidedBy;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.PlanVariant;
import care.thoracic.contracts.events.PhaseAdvanced;
import care.thoracic.contracts.events.PlanStarted;
import care.thoracic.testkit.TestEvents;
import care.thoracic.testkit.TestMongo;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * When a plan's phase review is due, through the real driver and the store's index: when its review
 * day begins in its patient's zone, for every clinic; summaries kept before review times get one.
 */
class PlanSummariesReviewTimesTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
  private static final LocalDate REVIEW_DAY = LocalDate.of(2026, 12, 14);

  private final MongoDatabase database = TestMongo.client().getDatabase("reviews-" + UUID.randomUUID());
  private final PlanSummaries summaries = new PlanSummaries(database);

  private UUID started(Tenant clinic, ZoneId zone) {
    UUID planId = UUID.randomUUID();
    summaries.apply(TestEvents.envelope(clinic, "plan-" + planId, 1, new PlanStarted(planId, PatientId.of("pat-" + planId),
        UUID.randomUUID(), "thoracic-v1", PlanVariant.STANDARD, Phase.FOUNDATION, LocalDate.of(2026, 11, 25), zone, 6,
        null, LocalDate.of(2026, 11, 30), REVIEW_DAY), Actor.service("plan-service")));
    return planId;
  }

  private List<UUID> dueBy(String instant) {
    return summaries.reviewsDueBy(Instant.parse(instant)).stream().map(PlanSummaries.DueReview::planId).toList();
  }

  @Test
  void a_review_is_due_when_its_day_begins_in_the_patients_zone_and_again_after_the_phase_moves_on() {
    UUID berlin = started(Tenant.of("clinic-b"), BERLIN);
    UUID losAngeles = started(Tenant.of("clinic-la"), LOS_ANGELES);

    assertThat(dueBy("2026-12-13T22:59:59Z")).isEmpty();
    assertThat(dueBy("2026-12-13T23:00:00Z")).containsExactly(berlin); // midnight in Berlin
    assertThat(dueBy("2026-12-14T08:00:00Z")).containsExactlyInAnyOrder(berlin, losAngeles); // midnight in LA

    summaries.apply(TestEvents.envelope(Tenant.of("clinic-b"), "plan-" + berlin, 2, new PhaseAdvanced(berlin,
        PatientId.of("pat-" + berlin), Phase.FOUNDATION, Phase.MOBILITY, DecidedBy.SCHEDULED_REVIEW, List.of("Ready."),
        REVIEW_DAY, REVIEW_DAY.plusDays(14)), Actor.service("plan-service")));
    assertThat(dueBy("2026-12-14T08:00:00Z")).containsExactly(losAngeles);
    assertThat(dueBy("2026-12-27T23:00:00Z")).containsExactlyInAnyOrder(berlin, losAngeles);
  }

  @Test
  void given_summaries_from_before_review_times_each_is_due_when_its_day_begins_anywhere() {
    UUID old = started(Tenant.of("clinic-old"), LOS_ANGELES);
    // as the previous version left it: the review's day only, no zone
    database.getCollection("plan_summaries").updateMany(Filters.empty(),
        Updates.combine(Updates.unset("nextReviewAt"), Updates.unset("timezone")));
    assertThat(dueBy("2026-12-20T00:00:00Z")).isEmpty();

    assertThat(summaries.giveReviewTimes()).isEqualTo(1);
    assertThat(summaries.giveReviewTimes()).isZero();
    assertThat(dueBy("2026-12-13T05:59:59Z")).isEmpty();
    assertThat(dueBy("2026-12-13T06:00:00Z")).containsExactly(old); // midnight at UTC+18, as before
  }
}
