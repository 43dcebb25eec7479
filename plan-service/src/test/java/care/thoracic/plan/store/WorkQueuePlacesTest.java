package care.thoracic.plan.store;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.EventMetadata;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.Category;
import care.thoracic.contracts.clinical.Disposition;
import care.thoracic.contracts.clinical.FlagCode;
import care.thoracic.contracts.clinical.FlagSource;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.PlanVariant;
import care.thoracic.contracts.clinical.Recommendation;
import care.thoracic.contracts.clinical.Severity;
import care.thoracic.contracts.clinical.WorkItemKind;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.PlanResumed;
import care.thoracic.contracts.events.PlanRetriaged;
import care.thoracic.contracts.events.RedFlagRaised;
import care.thoracic.contracts.events.WorkItemAcknowledged;
import care.thoracic.eventsourcing.testing.TestPatientKeys;
import care.thoracic.plan.domain.WorkQueueDeadlines;
import care.thoracic.testkit.TestMongo;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The clinic's work queue read a page at a time from the store in CLINICAL §8's order: each item's
 * place computed under the clinic's deadlines, again when they change; closed items out of it,
 * whichever event came first; items kept from before places queued once.
 */
class WorkQueuePlacesTest {
  private static final Tenant CLINIC = Tenant.of("clinic-queue");
  private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");
  private static final WorkQueueDeadlines DEFAULTS = WorkQueueDeadlines.defaults(Duration.ofMinutes(15),
      Duration.ofHours(24), Duration.ofDays(3));

  private final MongoDatabase database = TestMongo.client().getDatabase("queue-" + UUID.randomUUID());
  private final WorkQueue queue = new WorkQueue(database, TestPatientKeys.payloads(TestMongo.client()));

  private void apply(Tenant clinic, String stream, CareEvent event, Instant at) {
    queue.apply(new EventEnvelope<>(new EventMetadata(UUID.randomUUID(), clinic, stream, 1, at, "corr", "cause",
        Actor.service("plan-service")), event));
  }

  private UUID flag(Tenant clinic, String patient, Severity severity, Instant at) {
    UUID flagId = UUID.randomUUID();
    apply(clinic, "progress-" + flagId, new RedFlagRaised(flagId, PatientId.of(patient), FlagCode.WORSENING_PAIN,
        severity, Recommendation.CLINICIAN_REVIEW, FlagSource.PROGRESS, null, UUID.randomUUID(), List.of("Worse.")), at);
    return WorkQueue.flagItem(flagId);
  }

  private UUID retriaged(String patient, Instant at) {
    UUID triageId = UUID.randomUUID();
    apply(CLINIC, "plan-" + triageId, new PlanRetriaged(UUID.randomUUID(), PatientId.of(patient), triageId,
        Category.MECHANICAL, Disposition.SELF_CARE, PlanVariant.STANDARD, List.of("Triaged again."),
        LocalDate.of(2026, 11, 20), ZoneId.of("Europe/Berlin"), 5, null), at);
    return WorkQueue.retriageItem(triageId);
  }

  /** As the clinic's settings change them: everything placed under {@code deadlines}, then read. */
  private List<String> patients(WorkItemKind kind, Boolean acknowledged, WorkQueueDeadlines deadlines) {
    queue.placeUnder(CLINIC, deadlines);
    return read(kind, acknowledged, deadlines);
  }

  /** As the work-queue GET reads it: what is new placed under {@code deadlines}, then the page. */
  private List<String> read(WorkItemKind kind, Boolean acknowledged, WorkQueueDeadlines deadlines) {
    queue.placeNew(CLINIC, deadlines);
    return queue.page(CLINIC, kind, acknowledged, 0, 50).stream().map(WorkQueue.StoredItem::patientId).toList();
  }

  private static WorkQueueDeadlines fasterRetriage() {
    Map<WorkItemKind, Duration> periods = new EnumMap<>(DEFAULTS.periods());
    periods.put(WorkItemKind.RE_TRIAGED, Duration.ofHours(1));
    return new WorkQueueDeadlines(periods);
  }

  @Test
  void the_queue_is_read_in_order_unacknowledged_first_then_by_rank_then_by_deadline_and_follows_new_deadlines() {
    flag(CLINIC, "pat-moderate", Severity.MODERATE, T0); // rank 2, due T0 + 3 days
    retriaged("pat-retriaged", T0.plusSeconds(3_600)); // rank 2, due an hour later under the defaults
    flag(CLINIC, "pat-high", Severity.HIGH, T0.plusSeconds(7_200));
    UUID urgentSeen = flag(CLINIC, "pat-urgent-seen", Severity.URGENT, T0.plusSeconds(60));
    flag(CLINIC, "pat-urgent", Severity.URGENT, T0.plusSeconds(120));
    apply(CLINIC, "work-item-" + urgentSeen, new WorkItemAcknowledged(urgentSeen, PatientId.of("pat-urgent-seen"),
        WorkItemKind.URGENT_RED_FLAG, null, "dr-a"), T0.plusSeconds(180));
    flag(Tenant.of("clinic-other"), "pat-elsewhere", Severity.URGENT, T0);

    assertThat(patients(null, null, DEFAULTS)).containsExactly("pat-urgent", "pat-high", "pat-moderate",
        "pat-retriaged", "pat-urgent-seen");
    assertThat(patients(null, false, DEFAULTS)).containsExactly("pat-urgent", "pat-high", "pat-moderate",
        "pat-retriaged");
    assertThat(patients(WorkItemKind.URGENT_RED_FLAG, null, DEFAULTS)).containsExactly("pat-urgent", "pat-urgent-seen");
    assertThat(queue.page(CLINIC, null, null, 2, 2)).extracting(WorkQueue.StoredItem::patientId)
        .containsExactly("pat-moderate", "pat-retriaged");
    assertThat(queue.count(CLINIC, null, null, 100)).isEqualTo(5);
    assertThat(queue.count(CLINIC, null, false, 100)).isEqualTo(4);
    assertThat(queue.count(CLINIC, null, null, 3)).as("counted no further than asked").isEqualTo(3);

    assertThat(patients(null, false, fasterRetriage())).as("the re-triage is now due first among rank 2")
        .containsExactly("pat-urgent", "pat-high", "pat-retriaged", "pat-moderate");
    assertThat(patients(null, false, DEFAULTS)).as("and back").containsExactly("pat-urgent", "pat-high",
        "pat-moderate", "pat-retriaged");
  }

  @Test
  void a_read_places_only_what_is_new_and_the_job_places_again_the_clinics_placed_under_other_deadlines() {
    flag(CLINIC, "pat-moderate", Severity.MODERATE, T0);
    retriaged("pat-retriaged", T0.plusSeconds(3_600));
    Tenant other = Tenant.of("clinic-in-order");
    flag(other, "pat-elsewhere", Severity.HIGH, T0);
    assertThat(read(null, null, DEFAULTS)).containsExactly("pat-moderate", "pat-retriaged");
    queue.placeNew(other, fasterRetriage());

    // another instance, whose defaults are faster for re-triages, reads: nothing placed is placed again
    assertThat(read(null, null, fasterRetriage())).as("the order as placed").containsExactly("pat-moderate",
        "pat-retriaged");
    retriaged("pat-new", T0.plusSeconds(1_800));
    assertThat(read(null, null, fasterRetriage())).as("what is new, under the reader's deadlines")
        .containsExactly("pat-new", "pat-moderate", "pat-retriaged");
    assertThat(read(null, null, DEFAULTS)).as("and kept by the other instance's reads")
        .containsExactly("pat-new", "pat-moderate", "pat-retriaged");

    // that instance's placing job: the clinic whose queue is placed under other deadlines, and only it
    assertThat(queue.placeEveryClinicUnder(clinic -> fasterRetriage())).isEqualTo(1);
    assertThat(read(null, null, fasterRetriage())).containsExactly("pat-new", "pat-retriaged", "pat-moderate");
    assertThat(queue.placeEveryClinicUnder(clinic -> fasterRetriage())).as("in order now").isZero();

    // one clinic's settings cannot be read: the others are placed all the same
    assertThat(queue.placeEveryClinicUnder(clinic -> {
      if (clinic.equals(other)) {
        throw new IllegalStateException("settings unreadable");
      }
      return DEFAULTS;
    })).isEqualTo(1);
    assertThat(read(null, null, DEFAULTS)).as("under the defaults again: the new re-triage due after the flag")
        .containsExactly("pat-moderate", "pat-new", "pat-retriaged");
  }

  @Test
  void a_closed_item_leaves_the_queue_whichever_of_its_events_came_first() {
    flag(CLINIC, "pat-a", Severity.HIGH, T0);
    UUID overtaken = UUID.randomUUID();
    UUID planB = UUID.randomUUID();
    resume(planB, "pat-b", overtaken); // the resume overtook its flag (another topic)
    raise(overtaken, planB, "pat-b");
    UUID resolved = UUID.randomUUID();
    UUID planC = UUID.randomUUID();
    raise(resolved, planC, "pat-c");
    assertThat(patients(null, null, DEFAULTS)).containsExactly("pat-a", "pat-c");
    resume(planC, "pat-c", resolved);

    assertThat(patients(null, null, DEFAULTS)).containsExactly("pat-a");
    assertThat(queue.count(CLINIC, null, null, 100)).isEqualTo(1);
  }

  private void raise(UUID flagId, UUID planId, String patient) {
    apply(CLINIC, "progress-" + flagId, new RedFlagRaised(flagId, PatientId.of(patient), FlagCode.WORSENING_PAIN,
        Severity.HIGH, Recommendation.CLINICIAN_REVIEW, FlagSource.PROGRESS, null, planId, List.of("Worse.")),
        T0.plusSeconds(60));
  }

  private void resume(UUID planId, String patient, UUID flagId) {
    apply(CLINIC, "plan-" + planId, new PlanResumed(planId, PatientId.of(patient), Phase.FOUNDATION, List.of(flagId),
        "Seen.", null), T0.plusSeconds(120));
  }

  @Test
  void given_items_kept_from_before_places_they_are_queued_once_on_the_first_read() {
    flag(CLINIC, "pat-a", Severity.HIGH, T0);
    flag(CLINIC, "pat-b", Severity.URGENT, T0.plusSeconds(60));
    // as the previous version left them: open, neither queued nor placed
    database.getCollection("work_queue").updateMany(Filters.empty(), Updates.combine(Updates.unset("queued"),
        Updates.unset("keyedWith"), Updates.unset("queueKey")));
    assertThat(queue.page(CLINIC, null, null, 0, 10)).isEmpty();

    assertThat(patients(null, null, DEFAULTS)).containsExactly("pat-b", "pat-a");
    Document marker = database.getCollection("plan_migrations").find(Filters.eq("_id", "work-queue-places")).first();
    assertThat(marker.get("changed", Number.class).longValue()).as("items queued").isEqualTo(2);
  }
}
