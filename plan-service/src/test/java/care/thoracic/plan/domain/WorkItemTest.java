package care.thoracic.plan.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.WorkItemKind;
import care.thoracic.contracts.events.WorkItemAcknowledged;
import care.thoracic.contracts.events.WorkItemEscalated;
import care.thoracic.contracts.events.WorkItemEvent;
import care.thoracic.eventsourcing.testing.DeciderSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** CLINICAL §8's work queue: acknowledged once, escalated once per passed deadline, deadlines by kind. */
class WorkItemTest {
  private static final UUID PLAN = UUID.fromString("0b6a7c1d-2e3f-4a5b-8c9d-0e1f2a3b4c01");
  private static final WorkItem.Subject REVIEW = new WorkItem.Subject(WorkItem.itemId("review:1"),
      PatientId.of("pat-1"), WorkItemKind.REVIEW_REQUEST, PLAN);
  private static final Instant OPENED = Instant.parse("2026-11-30T09:00:00Z");
  private static final WorkQueueDeadlines DEFAULTS = WorkQueueDeadlines.defaults(Duration.ofMinutes(15),
      Duration.ofHours(24), Duration.ofDays(3));

  private final DeciderSpec<WorkItem.Command, WorkItemEvent, WorkItem.State> spec = DeciderSpec.of(new WorkItem());

  private static WorkItemEscalated escalated(int level) {
    return new WorkItemEscalated(REVIEW.itemId(), REVIEW.patientId(), REVIEW.kind(), PLAN, level, OPENED,
        OPENED.plus(Duration.ofDays(3L * level)));
  }

  private static WorkItem.Escalate escalate(int level) {
    return new WorkItem.Escalate(REVIEW, level, OPENED, OPENED.plus(Duration.ofDays(3L * level)));
  }

  @Test
  void given_an_open_item_when_a_clinician_acknowledges_it_then_who_is_recorded_and_a_second_time_changes_nothing() {
    WorkItemAcknowledged acknowledged = new WorkItemAcknowledged(REVIEW.itemId(), REVIEW.patientId(), REVIEW.kind(),
        PLAN, "dr-1");
    spec.given().when(new WorkItem.Acknowledge(REVIEW, "dr-1")).then(acknowledged);
    spec.given(acknowledged).when(new WorkItem.Acknowledge(REVIEW, "dr-2")).thenNothing();
  }

  @Test
  void given_an_unacknowledged_item_each_deadline_level_is_escalated_once() {
    spec.given().when(escalate(1)).then(escalated(1));
    spec.given(escalated(1)).when(escalate(1)).thenNothing();
    spec.given(escalated(1)).when(escalate(2)).then(escalated(2));
    spec.given(escalated(1), escalated(2)).when(escalate(1)).thenNothing();
  }

  @Test
  void given_an_acknowledged_item_no_deadline_escalates_it() {
    spec.given(escalated(1), new WorkItemAcknowledged(REVIEW.itemId(), REVIEW.patientId(), REVIEW.kind(), PLAN,
        "dr-1")).when(escalate(2)).thenNothing();
  }

  @Test
  void the_defaults_are_fifteen_minutes_for_urgent_flags_a_day_for_high_ones_and_three_days_for_the_rest() {
    assertThat(DEFAULTS.period(WorkItemKind.URGENT_RED_FLAG)).isEqualTo(Duration.ofMinutes(15));
    assertThat(DEFAULTS.period(WorkItemKind.HIGH_RED_FLAG)).isEqualTo(Duration.ofHours(24));
    for (WorkItemKind kind : new WorkItemKind[] {WorkItemKind.MODERATE_RED_FLAG, WorkItemKind.APPROVAL,
        WorkItemKind.REVIEW_REQUEST, WorkItemKind.RE_TRIAGED}) {
      assertThat(DEFAULTS.period(kind)).as(kind.name()).isEqualTo(Duration.ofDays(3));
    }
  }

  @Test
  void a_deadline_passes_after_its_instant_and_again_at_each_further_period() {
    WorkItemKind urgent = WorkItemKind.URGENT_RED_FLAG;
    assertThat(DEFAULTS.passedDeadlines(urgent, OPENED, OPENED.plus(Duration.ofMinutes(15)))).isZero();
    assertThat(DEFAULTS.passedDeadlines(urgent, OPENED, OPENED.plus(Duration.ofMinutes(15)).plusMillis(1)))
        .isEqualTo(1);
    assertThat(DEFAULTS.passedDeadlines(urgent, OPENED, OPENED.plus(Duration.ofMinutes(30)))).isEqualTo(1);
    assertThat(DEFAULTS.passedDeadlines(urgent, OPENED, OPENED.plus(Duration.ofMinutes(31)))).isEqualTo(2);
    assertThat(DEFAULTS.passedDeadlines(urgent, OPENED, OPENED.minusSeconds(5))).isZero();
    assertThat(DEFAULTS.deadline(urgent, OPENED, 2)).isEqualTo(OPENED.plus(Duration.ofMinutes(30)));
  }

  @Test
  void a_deadline_outside_one_minute_to_thirty_days_or_a_missing_kind_is_refused() {
    Map<WorkItemKind, Duration> periods = new EnumMap<>(DEFAULTS.periods());
    periods.put(WorkItemKind.APPROVAL, Duration.ofSeconds(59));
    assertThatThrownBy(() -> new WorkQueueDeadlines(periods)).hasMessageContaining("APPROVAL");
    periods.put(WorkItemKind.APPROVAL, Duration.ofDays(30).plusSeconds(1));
    assertThatThrownBy(() -> new WorkQueueDeadlines(periods)).hasMessageContaining("APPROVAL");
    periods.remove(WorkItemKind.APPROVAL);
    assertThatThrownBy(() -> new WorkQueueDeadlines(periods)).hasMessageContaining("APPROVAL");
  }
}
