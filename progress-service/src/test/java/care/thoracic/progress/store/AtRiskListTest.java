package care.thoracic.progress.store;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.EventMetadata;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.ExerciseLog;
import care.thoracic.contracts.clinical.FlagCode;
import care.thoracic.contracts.clinical.FlagSource;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.PlanVariant;
import care.thoracic.contracts.clinical.Recommendation;
import care.thoracic.contracts.clinical.Severity;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.PlanCompleted;
import care.thoracic.contracts.events.PlanResumed;
import care.thoracic.contracts.events.PlanStarted;
import care.thoracic.contracts.events.PlanSuspended;
import care.thoracic.contracts.events.RedFlagRaised;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.eventsourcing.testing.TestPatientKeys;
import care.thoracic.eventsourcing.time.AdjustableClock;
import care.thoracic.progress.domain.ProgressReport;
import care.thoracic.progress.domain.ProgressRules;
import care.thoracic.progress.domain.Thresholds;
import care.thoracic.testkit.TestMongo;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The clinic's at-risk list kept in the progress views: each running plan's place computed when an
 * event can change it and when its patient's day begins, read a page at a time in the list's order,
 * within the clinic; what it keeps of the patient's health is sealed; plans from before it get theirs.
 */
class AtRiskListTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 30);
  private static final Tenant NORTH = Tenant.of("clinic-north");
  private static final Tenant SOUTH = Tenant.of("clinic-south");

  private final MongoDatabase database = TestMongo.client().getDatabase("at-risk-" + UUID.randomUUID());
  private final AdjustableClock clock = new AdjustableClock(Clock.fixed(NOW, ZoneOffset.UTC));
  private final PatientPayloads payloads = TestPatientKeys.payloads(TestMongo.client());
  private final ProgressViews views = new ProgressViews(database, payloads, new CheckDueDates(database),
      new ProgressRules(Thresholds.CURRENT), clock);
  private final Map<UUID, Long> versions = new HashMap<>();

  private EventEnvelope<CareEvent> apply(Tenant clinic, UUID planId, CareEvent event) {
    EventEnvelope<CareEvent> envelope = envelope(clinic, planId, event);
    views.apply(envelope);
    return envelope;
  }

  /** The plan's next event, as its stream numbers it. */
  private EventEnvelope<CareEvent> envelope(Tenant clinic, UUID planId, CareEvent event) {
    long version = versions.merge(planId, 1L, Long::sum);
    return new EventEnvelope<>(new EventMetadata(UUID.randomUUID(), clinic, "plan-" + planId, version,
        clock.instant(), "corr", "cause", Actor.service("plan-service")), event);
  }

  /** A running plan of {@code patient}, started {@code daysAgo} days before today with baseline pain 5. */
  private UUID started(Tenant clinic, String patient, int daysAgo) {
    UUID planId = UUID.randomUUID();
    LocalDate startedOn = TODAY.minusDays(daysAgo);
    apply(clinic, planId, new PlanStarted(planId, PatientId.of(patient), UUID.randomUUID(), "thoracic-v1",
        PlanVariant.STANDARD, Phase.FOUNDATION, startedOn.minusDays(3), BERLIN, 5, null, startedOn,
        startedOn.plusDays(14)));
    return planId;
  }

  private void sessions(Tenant clinic, UUID planId, String patient, int pain, int... daysAgo) {
    for (int ago : daysAgo) {
      apply(clinic, planId, new SessionLogged(UUID.randomUUID(), planId, PatientId.of(patient), TODAY.minusDays(ago),
          List.of(new ExerciseLog("wall-angels", 2, 12, null, null)), pain, Math.max(0, pain - 1), Set.of(), null));
    }
  }

  private UUID flag(Tenant clinic, UUID planId, String patient, Severity severity) {
    UUID flagId = UUID.randomUUID();
    apply(clinic, planId, new RedFlagRaised(flagId, PatientId.of(patient), FlagCode.WORSENING_PAIN, severity,
        Recommendation.CLINICIAN_REVIEW, FlagSource.PROGRESS, null, planId, List.of("canary-risk-reason")));
    return flagId;
  }

  /** The at-risk entry's figures are the progress view's, computed from the whole document on {@code day}. */
  private void assertListedAsTheViewSays(UUID planId, LocalDate day) {
    ProgressViews.PlanRecord whole = views.record(NORTH, planId).orElseThrow();
    ProgressReport report = ProgressReport.of(whole.facts(), whole.phases(), whole.scores(), whole.flags(),
        whole.latestAssessment(), day, new ProgressRules(Thresholds.CURRENT));
    assertThat(report.riskReasons()).as("the case is at risk").isNotEmpty();
    assertThat(views.atRisk(NORTH, 0, 10)).singleElement().satisfies(entry -> {
      assertThat(entry.risk().reasons()).isEqualTo(report.riskReasons());
      assertThat(entry.risk().adherence()).isEqualTo(report.adherence());
      assertThat(entry.risk().meanPain7d()).isEqualTo(report.meanPain7d());
    });
  }

  /** The names of the commands a client sent, in order. */
  private static final class CommandNames implements CommandListener {
    final List<String> started = new CopyOnWriteArrayList<>();

    @Override
    public void commandStarted(CommandStartedEvent event) {
      started.add(event.getCommandName());
    }
  }

  /**
   * Runs {@code meanwhile} (another writer, on its own connection) just before a client's first
   * update is sent. With no constructor arguments: the Mongo extension makes a bean of every
   * command listener it finds, this one too (idle there).
   */
  private static final class BeforeTheFirstUpdate implements CommandListener {
    volatile Runnable meanwhile;
    final AtomicBoolean ran = new AtomicBoolean();

    @Override
    public void commandStarted(CommandStartedEvent event) {
      Runnable writer = meanwhile;
      if (writer != null && event.getCommandName().equals("update") && ran.compareAndSet(false, true)) {
        writer.run();
      }
    }
  }

  private List<String> listed(Tenant clinic) {
    return views.atRisk(clinic, 0, 100).stream().map(entry -> entry.patientId().value()).toList();
  }

  @Test
  void the_list_is_in_order_of_urgency_paged_in_the_store_and_within_the_clinic() {
    UUID fine = started(NORTH, "pat-fine", 10);
    sessions(NORTH, fine, "pat-fine", 4, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    UUID lowAdherence = started(NORTH, "pat-low", 10);
    sessions(NORTH, lowAdherence, "pat-low", 4, 1, 5, 9);
    UUID lower = started(NORTH, "pat-lower", 10);
    sessions(NORTH, lower, "pat-lower", 4, 1);
    UUID urgent = started(NORTH, "pat-urgent", 3);
    flag(NORTH, urgent, "pat-urgent", Severity.URGENT);
    UUID flaggedAndLow = started(NORTH, "pat-flag-low", 12);
    flag(NORTH, flaggedAndLow, "pat-flag-low", Severity.HIGH);
    UUID elsewhere = started(SOUTH, "pat-south", 3);
    flag(SOUTH, elsewhere, "pat-south", Severity.URGENT);

    assertThat(listed(NORTH)).as("urgent flag, then two reasons, then the lowest adherence")
        .containsExactly("pat-urgent", "pat-flag-low", "pat-lower", "pat-low");
    assertThat(views.atRiskCount(NORTH, 100)).isEqualTo(4);
    assertThat(views.atRiskCount(NORTH, 3)).as("counted no further than asked").isEqualTo(3);
    assertThat(views.atRisk(NORTH, 2, 1)).singleElement().satisfies(entry -> {
      assertThat(entry.patientId().value()).isEqualTo("pat-lower");
      assertThat(entry.planId()).isEqualTo(lower);
      assertThat(entry.asOf()).isEqualTo(TODAY);
      assertThat(entry.risk().adherence().percent()).isEqualTo(10); // 1 of 10 days (today counts once it has one)
      assertThat(entry.risk().reasons()).singleElement().asString().startsWith("Adherence 10%");
    });
    assertThat(views.atRisk(NORTH, 0, 1).getFirst().risk().urgentFlag()).isTrue();
    assertThat(listed(SOUTH)).containsExactly("pat-south");
    assertThat(views.atRiskCount(SOUTH, 100)).isEqualTo(1);
  }

  @Test
  void a_plan_leaves_the_list_when_its_flag_is_resolved_or_it_completes_and_joins_it_when_its_patients_day_makes_it_at_risk() {
    UUID flagged = started(NORTH, "pat-a", 3);
    UUID flagId = flag(NORTH, flagged, "pat-a", Severity.HIGH);
    UUID completing = started(NORTH, "pat-b", 3);
    flag(NORTH, completing, "pat-b", Severity.HIGH);
    UUID quiet = started(NORTH, "pat-c", 6); // day 7 today: not yet a week of adherence
    sessions(NORTH, quiet, "pat-c", 4, 6);
    assertThat(listed(NORTH)).containsExactlyInAnyOrder("pat-a", "pat-b");

    apply(NORTH, flagged, new PlanResumed(flagged, PatientId.of("pat-a"), Phase.FOUNDATION, List.of(flagId),
        "Reviewed.", null));
    apply(NORTH, completing, new PlanCompleted(completing, PatientId.of("pat-b"), "Plan finished."));
    assertThat(listed(NORTH)).isEmpty();

    clock.setOffset(Duration.ofDays(1)); // the patient's next day: the daily check computes it again
    views.refreshRisk(NORTH, quiet);
    assertThat(views.atRisk(NORTH, 0, 10)).singleElement().satisfies(entry -> {
      assertThat(entry.patientId().value()).isEqualTo("pat-c");
      assertThat(entry.asOf()).isEqualTo(TODAY.plusDays(1));
    });
    assertThat(views.atRiskCount(NORTH, 100)).isEqualTo(1);
  }

  @Test
  void figures_for_a_later_day_are_never_overwritten_by_a_slower_writer_of_an_earlier_one() {
    UUID quiet = started(NORTH, "pat-c", 6);
    sessions(NORTH, quiet, "pat-c", 4, 6);
    clock.setOffset(Duration.ofDays(1));
    views.refreshRisk(NORTH, quiet);
    assertThat(listed(NORTH)).containsExactly("pat-c");

    clock.setOffset(Duration.ZERO); // a writer still on the day before
    views.refreshRisk(NORTH, quiet);
    assertThat(views.atRisk(NORTH, 0, 10)).singleElement()
        .satisfies(entry -> assertThat(entry.asOf()).isEqualTo(TODAY.plusDays(1)));
  }

  @Test
  void the_lists_figures_are_the_progress_views_however_long_the_history_and_whatever_came_late() {
    UUID planId = started(NORTH, "pat-long", 80);
    for (int ago = 80; ago >= 2; ago--) { // most days, pain rising over the last weeks
      if (ago % 4 != 0) {
        sessions(NORTH, planId, "pat-long", ago > 20 ? 4 : 8, ago);
      }
    }
    sessions(NORTH, planId, "pat-long", 9, 3); // logged late, for a day already past
    clock.setOffset(Duration.ofDays(1)); // and the next day's figures, by the daily check
    views.refreshRisk(NORTH, planId);

    assertListedAsTheViewSays(planId, TODAY.plusDays(1));
    Document stored = database.getCollection("progress_views").find(Filters.eq("id", planId.toString())).first();
    assertThat(stored.getString("riskBasis")).as("the running figures are sealed").startsWith("sealed:v1:");
  }

  @Test
  void a_session_on_a_plan_whose_figures_hold_every_earlier_one_is_one_read_and_one_write() {
    UUID planId = started(NORTH, "pat-rw", 12);
    sessions(NORTH, planId, "pat-rw", 4, 12, 11, 10, 9, 8);
    CommandNames commands = new CommandNames();
    List<String> sessionCommands;
    try (MongoClient counted = MongoClients.create(MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(TestMongo.connectionString())).addCommandListener(commands)
        .build())) {
      ProgressViews countedViews = new ProgressViews(counted.getDatabase(database.getName()), payloads,
          new CheckDueDates(database), new ProgressRules(Thresholds.CURRENT), clock);
      commands.started.clear(); // the indexes it ensured
      long version = versions.merge(planId, 1L, Long::sum);
      countedViews.apply(new EventEnvelope<>(new EventMetadata(UUID.randomUUID(), NORTH, "plan-" + planId, version,
          clock.instant(), "corr", "cause", Actor.service("progress-service")), new SessionLogged(UUID.randomUUID(),
          planId, PatientId.of("pat-rw"), TODAY.minusDays(1), List.of(new ExerciseLog("wall-angels", 2, 12, null,
          null)), 9, 8, Set.of(), null)));
      sessionCommands = List.copyOf(commands.started); // before closing the client (a replica set's endSessions)
    }

    assertThat(sessionCommands).as("round trips to the store").containsExactly("find", "update");
    assertListedAsTheViewSays(planId, TODAY);
  }

  /**
   * Writers racing on one plan: its sessions applied by two consumers at once, each in the stream's
   * order (a rebalance: the partition's old owner still at work while the new one starts again from
   * the committed offset), and the daily check beside them. Each write is guarded by the revision it
   * read, so whoever loses computes again from the newer document, and no slower writer puts back
   * figures that miss a session.
   */
  @Test
  void sessions_applied_twice_at_once_beside_the_daily_check_are_each_counted_once_and_the_place_is_the_views()
      throws Exception {
    UUID planId = started(NORTH, "pat-race", 40);
    List<EventEnvelope<CareEvent>> logged = new ArrayList<>();
    for (int ago = 40; ago >= 1; ago--) { // pain rising over the last two weeks: at risk once they count
      logged.add(envelope(NORTH, planId, new SessionLogged(UUID.randomUUID(), planId, PatientId.of("pat-race"),
          TODAY.minusDays(ago), List.of(new ExerciseLog("wall-angels", 2, 12, null, null)), ago > 14 ? 3 : 8,
          ago > 14 ? 2 : 7, Set.of(), null)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(3);
    CountDownLatch go = new CountDownLatch(1);
    AtomicBoolean consuming = new AtomicBoolean(true);
    try {
      List<Future<?>> consumers = new ArrayList<>();
      for (int consumer = 0; consumer < 2; consumer++) {
        consumers.add(pool.submit(() -> {
          go.await();
          logged.forEach(views::apply);
          return null;
        }));
      }
      Future<?> dailyCheck = pool.submit(() -> {
        go.await();
        while (consuming.get()) {
          views.refreshRisk(NORTH, planId);
        }
        return null;
      });
      go.countDown();
      for (Future<?> consumer : consumers) {
        consumer.get(2, TimeUnit.MINUTES);
      }
      consuming.set(false);
      dailyCheck.get(1, TimeUnit.MINUTES);
    } finally {
      pool.shutdownNow();
    }

    assertThat(views.record(NORTH, planId).orElseThrow().sessions()).as("each session once")
        .extracting(ProgressViews.Logged::sessionId).doesNotHaveDuplicates().hasSize(logged.size());
    assertListedAsTheViewSays(planId, TODAY);
    Document basis = Document.parse(payloads.openField(NORTH, PatientId.of("pat-race"),
        "progress_views/" + planId + "/riskBasis", database.getCollection("progress_views")
            .find(Filters.eq("id", planId.toString())).first().getString("riskBasis")));
    assertThat(basis.getInteger("sessions")).as("the running figures hold every session").isEqualTo(logged.size());
  }

  /**
   * The slower of two writers, step by step: the daily check reads the plan, a session is logged
   * before the check writes, and the check's write, guarded by the revision it read, finds the
   * document changed: it computes again from the new one instead of putting back figures without
   * the session.
   */
  @Test
  void a_daily_check_whose_read_a_session_overtook_computes_again_and_never_writes_figures_without_it() {
    UUID planId = started(NORTH, "pat-slow", 20);
    for (int ago = 20; ago >= 3; ago--) {
      sessions(NORTH, planId, "pat-slow", ago > 10 ? 3 : 8, ago);
    }
    EventEnvelope<CareEvent> overtaking = envelope(NORTH, planId, new SessionLogged(UUID.randomUUID(), planId,
        PatientId.of("pat-slow"), TODAY.minusDays(1), List.of(new ExerciseLog("wall-angels", 2, 12, null, null)),
        10, 9, Set.of(), null));
    BeforeTheFirstUpdate sessionBeforeTheFirstWrite = new BeforeTheFirstUpdate();
    sessionBeforeTheFirstWrite.meanwhile = () -> views.apply(overtaking);
    CommandNames commands = new CommandNames();
    List<String> checkCommands;
    try (MongoClient slow = MongoClients.create(MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(TestMongo.connectionString()))
        .addCommandListener(sessionBeforeTheFirstWrite).addCommandListener(commands).build())) {
      ProgressViews check = new ProgressViews(slow.getDatabase(database.getName()), payloads,
          new CheckDueDates(database), new ProgressRules(Thresholds.CURRENT), clock);
      commands.started.clear(); // the indexes it ensured
      check.refreshRisk(NORTH, planId);
      checkCommands = List.copyOf(commands.started);
    }

    assertThat(sessionBeforeTheFirstWrite.ran).as("the session came between the check's read and its write").isTrue();
    assertThat(checkCommands).as("the check's writes: the guarded one found the document changed, so it read and "
        + "wrote again").filteredOn("update"::equals).hasSize(2);
    assertThat(checkCommands.getLast()).isEqualTo("update");
    assertListedAsTheViewSays(planId, TODAY); // with the overtaking session's pain
  }

  @Test
  void a_session_is_counted_once_and_in_full_whether_redelivered_or_the_running_figures_lag_behind() {
    UUID planId = started(NORTH, "pat-lag", 12);
    sessions(NORTH, planId, "pat-lag", 4, 12, 11, 10);
    EventEnvelope<CareEvent> late = apply(NORTH, planId, new SessionLogged(UUID.randomUUID(), planId,
        PatientId.of("pat-lag"), TODAY.minusDays(2), List.of(new ExerciseLog("wall-angels", 2, 12, null, null)),
        9, 8, Set.of(), null));
    views.apply(late); // redelivered
    // a session whose place was never computed (its computing lost every race): the figures lag one behind
    Document lagging = database.getCollection("progress_views").find(Filters.eq("id", planId.toString())).first();
    database.getCollection("progress_views").updateOne(Filters.eq("_id", lagging.get("_id")),
        Updates.push("sessions", lagging.getList("sessions", Object.class).getLast()));
    sessions(NORTH, planId, "pat-lag", 9, 1);

    assertThat(views.record(NORTH, planId).orElseThrow().sessions()).as("the pushed copy counts as a session")
        .hasSize(6);
    assertListedAsTheViewSays(planId, TODAY);
    Document basis = Document.parse(payloads.openField(NORTH,
        PatientId.of("pat-lag"), "progress_views/" + planId + "/riskBasis", database.getCollection("progress_views")
            .find(Filters.eq("id", planId.toString())).first().getString("riskBasis")));
    assertThat(basis.getInteger("sessions")).as("the running figures hold every session again").isEqualTo(6);
  }

  @Test
  void a_session_on_a_plan_kept_from_before_the_running_figures_gives_it_its_place_and_its_figures() {
    UUID planId = started(NORTH, "pat-old", 12);
    sessions(NORTH, planId, "pat-old", 4, 12, 11);
    // as the version before 2026-12-02 left it: no running figures, no place, no revision
    database.getCollection("progress_views").updateMany(Filters.eq("id", planId.toString()), Updates.combine(
        Updates.unset("atRisk"), Updates.unset("riskRank"), Updates.unset("risk"), Updates.unset("riskAsOf"),
        Updates.unset("revision"), Updates.unset("riskBasis")));

    sessions(NORTH, planId, "pat-old", 9, 2);

    assertListedAsTheViewSays(planId, TODAY);
    assertThat(views.record(NORTH, planId).orElseThrow().sessions()).hasSize(3);
  }

  @Test
  void sessions_logged_while_a_plan_was_suspended_count_and_it_stays_on_the_list_after_its_flag_is_resolved() {
    UUID planId = started(NORTH, "pat-paused", 12);
    sessions(NORTH, planId, "pat-paused", 4, 12, 11, 10);
    UUID flagId = flag(NORTH, planId, "pat-paused", Severity.HIGH);
    apply(NORTH, planId, new PlanSuspended(planId, PatientId.of("pat-paused"), flagId, FlagCode.WORSENING_PAIN,
        "Flag raised."));
    sessions(NORTH, planId, "pat-paused", 9, 4, 3);
    apply(NORTH, planId, new PlanResumed(planId, PatientId.of("pat-paused"), Phase.FOUNDATION, List.of(flagId),
        "Reviewed.", null));
    sessions(NORTH, planId, "pat-paused", 9, 2);

    assertListedAsTheViewSays(planId, TODAY);
  }

  @Test
  void what_the_list_keeps_of_the_patients_health_is_sealed() {
    UUID planId = started(NORTH, "pat-a", 3);
    flag(NORTH, planId, "pat-a", Severity.URGENT);

    Document stored = database.getCollection("progress_views").find(Filters.eq("id", planId.toString())).first();
    assertThat(stored.getBoolean("atRisk")).isTrue();
    assertThat(stored.getString("risk")).startsWith("sealed:v1:");
    assertThat(stored.toJson()).doesNotContain("canary-risk-reason", "open flag", "WORSENING_PAIN", "urgentFlag");
    assertThat(listed(NORTH)).containsExactly("pat-a");
  }

  @Test
  void given_plans_kept_from_before_the_list_they_get_their_place_once() {
    UUID flagged = started(NORTH, "pat-a", 3);
    flag(NORTH, flagged, "pat-a", Severity.HIGH);
    UUID fine = started(SOUTH, "pat-b", 1);
    // as the previous version left them: no place on the list, no revision
    database.getCollection("progress_views").updateMany(Filters.empty(), Updates.combine(Updates.unset("atRisk"),
        Updates.unset("riskRank"), Updates.unset("risk"), Updates.unset("riskAsOf"), Updates.unset("revision"),
        Updates.unset("riskBasis")));
    assertThat(listed(NORTH)).isEmpty();

    assertThat(views.giveRiskPlaces()).as("running plans looked at").isEqualTo(2);
    assertThat(listed(NORTH)).containsExactly("pat-a");
    assertThat(listed(SOUTH)).isEmpty();
    sessions(SOUTH, fine, "pat-b", 4, 0);
    flag(SOUTH, fine, "pat-b", Severity.HIGH); // and later events keep it, from the old shape on
    assertThat(listed(SOUTH)).containsExactly("pat-b");
  }
}
