package care.thoracic.reminder.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.Channel;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.ReminderKind;
import care.thoracic.contracts.events.ReminderFailed;
import care.thoracic.contracts.events.ReminderSent;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.eventsourcing.testing.TestPatientKeys;
import care.thoracic.eventsourcing.time.AdjustableClock;
import care.thoracic.reminder.delivery.ReminderChannel;
import care.thoracic.reminder.delivery.WebhookChannel;
import care.thoracic.reminder.delivery.WebhookTargets;
import care.thoracic.reminder.domain.PlannedReminder;
import care.thoracic.reminder.domain.ReminderPreferences;
import care.thoracic.reminder.domain.ScheduledPlan;
import care.thoracic.reminder.store.PreferencesStore;
import care.thoracic.reminder.store.Reminders;
import care.thoracic.testkit.RequiresTestInfra;
import care.thoracic.testkit.TestMongo;
import com.mongodb.client.MongoDatabase;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Dispatchers sharing one store (as instances of the service do): each reminder fires once. */
@RequiresTestInfra
class ReminderDispatchTest {
  private static final Duration LEASE = Duration.ofSeconds(30);
  private final MongoDatabase database = TestMongo.client().getDatabase("reminders-" + UUID.randomUUID()
      .toString().substring(0, 8));
  private final AdjustableClock clock = new AdjustableClock(Clock.systemUTC());
  private final EventStore events = new EventStore(database, clock, clock,
      TestPatientKeys.payloads(TestMongo.client()));
  private final Reminders reminders = new Reminders(database);
  private final PreferencesStore preferences = new PreferencesStore(database,
      TestPatientKeys.payloads(TestMongo.client()));
  private final Tenant clinic = Tenant.of("clinic-" + UUID.randomUUID().toString().substring(0, 8));
  private final Map<UUID, AtomicInteger> deliveries = new ConcurrentHashMap<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  /** An inbox that counts what it was handed. */
  private final ReminderChannel countingInbox = new ReminderChannel() {
    @Override
    public Channel channel() {
      return Channel.INBOX;
    }

    @Override
    public void deliver(Reminders.StoredReminder reminder, PreferencesStore.Stored chosen) {
      deliveries.computeIfAbsent(reminder.reminderId(), id -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public boolean inProcess() {
      return true; // as the service's inbox
    }
  };

  private static final String SECRET = "clinic-signing-secret";
  private final WebhookChannel webhook = new WebhookChannel(
      tenant -> tenant.equals(clinic) ? Optional.of(SECRET) : Optional.empty(), Duration.ofSeconds(2), clock,
      new WebhookTargets(List.of(), true)); // the receivers listen on 127.0.0.1

  private static final ReminderDispatch.Timing TIMING = new ReminderDispatch.Timing(LEASE, Duration.ofSeconds(10));
  private static final ReminderDispatch.Limits LIMITS = new ReminderDispatch.Limits(8, 4, 4);
  private final List<ReminderDispatch> started = new CopyOnWriteArrayList<>();

  private ReminderDispatch dispatcher(String name) {
    return dispatcher(name, List.of(countingInbox, webhook), TIMING, LIMITS, 4);
  }

  private ReminderDispatch dispatcher(String name, List<ReminderChannel> channels, ReminderDispatch.Timing timing,
      ReminderDispatch.Limits limits, int attempts) {
    ReminderDispatch dispatch = new ReminderDispatch(name, reminders, preferences, events, channels, clock, timing,
        limits, new ReminderDispatch.Attempts(attempts, Duration.ofSeconds(2)), "reminder-service", meters);
    started.add(dispatch);
    return dispatch;
  }

  @AfterEach
  void closeDispatchers() {
    started.forEach(ReminderDispatch::close);
  }

  /**
   * A clinic's webhook receiver: answers the given statuses in turn, then 200, after {@code takes};
   * keeps what it got and when, and how many calls it had open at once at most.
   */
  private static final class Receiver implements AutoCloseable {
    record Received(String reminderId, String timestamp, String signature, String body, Instant at) {}

    private final HttpServer server;
    private final List<Integer> answers;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger mostOpen = new AtomicInteger();
    private final CountDownLatch closing = new CountDownLatch(1);

    Receiver(Integer... answers) throws IOException {
      this(Duration.ZERO, Integer.MAX_VALUE, answers);
    }

    Receiver(Duration takes) throws IOException {
      this(takes, Integer.MAX_VALUE);
    }

    /** The first {@code slowCalls} calls take {@code takes}, the others are answered at once. */
    Receiver(Duration takes, int slowCalls, Integer... answers) throws IOException {
      this.answers = new CopyOnWriteArrayList<>(answers);
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor()); // calls are answered side by side
      server.createContext("/hook", exchange -> {
        Instant at = Instant.now();
        mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
        try {
          String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          received.add(new Received(exchange.getRequestHeaders().getFirst(WebhookChannel.REMINDER_ID),
              exchange.getRequestHeaders().getFirst(WebhookChannel.TIMESTAMP),
              exchange.getRequestHeaders().getFirst(WebhookChannel.SIGNATURE), body, at));
          if (calls.incrementAndGet() <= slowCalls && closing.await(takes.toMillis(), TimeUnit.MILLISECONDS)) {
            return; // the test is over
          }
          int status = this.answers.isEmpty() ? 200 : this.answers.removeFirst();
          exchange.sendResponseHeaders(status, -1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          open.decrementAndGet();
          exchange.close();
        }
      });
      server.start();
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    /** How many times each reminder id arrived. */
    Map<String, Long> timesReceived() {
      return received.stream().collect(Collectors.groupingBy(Received::reminderId, Collectors.counting()));
    }

    /** What a receiver holding {@code secret} checks before trusting a delivery. */
    static boolean signedWith(String secret, Received delivery) {
      return delivery.signature().equals("sha256=" + WebhookChannel.sign(secret, delivery.timestamp() + "."
          + delivery.body()));
    }

    @Override
    public void close() {
      closing.countDown();
      server.stop(0);
    }
  }

  /**
   * A remote channel (in the webhook's place) that holds each call of the clinics it gates until
   * {@link #open}, then fails it or not; it delivers every other call at once.
   */
  private static final class GatedChannel implements ReminderChannel {
    private final Set<Tenant> gated;
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch gate = new CountDownLatch(1);
    private final AtomicInteger holding = new AtomicInteger();
    private final List<UUID> delivered = new CopyOnWriteArrayList<>();
    private volatile boolean failWhenOpened;

    GatedChannel(Tenant... gated) {
      this.gated = Set.of(gated);
    }

    @Override
    public Channel channel() {
      return Channel.WEBHOOK;
    }

    @Override
    public void deliver(Reminders.StoredReminder reminder, PreferencesStore.Stored chosen) {
      if (gated.contains(reminder.tenant())) {
        holding.incrementAndGet();
        entered.countDown();
        try {
          gate.await();
        } catch (InterruptedException e) {
          throw new DeliveryFailedException("interrupted");
        } finally {
          holding.decrementAndGet();
        }
        if (failWhenOpened) {
          throw new DeliveryFailedException("the receiver answered HTTP 503");
        }
      }
      delivered.add(reminder.reminderId());
    }

    void open(boolean fail) {
      failWhenOpened = fail;
      gate.countDown();
    }
  }

  private void webhookFor(String patient, URI url) {
    preferences.save(clinic, PatientId.of(patient), new PreferencesStore.Stored(ReminderPreferences.DEFAULTS,
        Channel.WEBHOOK, url));
  }

  /** Reminders of one plan of {@code patient} at {@code clinic}, due at the given times. */
  private Map<UUID, Instant> dueAt(Tenant at, String patient, List<Instant> times) {
    UUID planId = UUID.randomUUID();
    ScheduledPlan plan = new ScheduledPlan(planId, PatientId.of(patient), Phase.FOUNDATION, LocalDate.of(2026, 11, 2),
        LocalDate.of(2026, 10, 30), ZoneId.of("Europe/Berlin"), null, true, Set.of());
    Map<UUID, Instant> planned = new LinkedHashMap<>();
    List<PlannedReminder> reminders = new ArrayList<>();
    for (Instant dueAt : times) {
      UUID id = UUID.randomUUID();
      planned.put(id, dueAt);
      reminders.add(new PlannedReminder(id, planId, ReminderKind.MICRO_BREAK, dueAt,
          dueAt.atZone(ZoneOffset.UTC).toLocalDateTime(), null, List.of("test")));
    }
    Instant from = times.stream().min(Instant::compareTo).orElseThrow();
    Instant to = times.stream().max(Instant::compareTo).orElseThrow();
    this.reminders.reconcile(at, plan, reminders, from, to.plusMillis(1));
    return planned;
  }

  /** {@code count} reminders of one plan, all due in the last minute. */
  private List<UUID> due(int count) {
    UUID planId = UUID.randomUUID();
    ScheduledPlan plan = new ScheduledPlan(planId, PatientId.of("pat-1"), Phase.FOUNDATION, LocalDate.of(2026, 11, 2),
        LocalDate.of(2026, 10, 30), ZoneId.of("Europe/Berlin"), null, true, Set.of());
    Instant now = clock.instant();
    List<PlannedReminder> planned = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Instant dueAt = now.minusSeconds(60).plusMillis(i);
      planned.add(new PlannedReminder(UUID.randomUUID(), planId, ReminderKind.MICRO_BREAK, dueAt,
          dueAt.atZone(ZoneOffset.UTC).toLocalDateTime(), null, List.of("test")));
    }
    reminders.reconcile(clinic, plan, planned, now.minus(Duration.ofHours(1)), now);
    return planned.stream().map(PlannedReminder::reminderId).toList();
  }

  /** What the outbox got for the reminder, whichever batch recorded it. */
  private List<ReminderSent> recorded(UUID reminderId) {
    List<ReminderSent> sent = new ArrayList<>();
    events.replay(commit -> commit.events().forEach(envelope -> {
      if (envelope.event() instanceof ReminderSent reminder && reminder.reminderId().equals(reminderId)) {
        assertThat(envelope.tenant()).isEqualTo(clinic);
        sent.add(reminder);
      }
    }));
    return sent;
  }

  /** How many ReminderSent the outbox got for each reminder, of any clinic. */
  private Map<UUID, Long> recordedSent() {
    Map<UUID, Long> times = new HashMap<>();
    events.replay(commit -> commit.events().forEach(envelope -> {
      if (envelope.event() instanceof ReminderSent sent) {
        times.merge(sent.reminderId(), 1L, Long::sum);
      }
    }));
    return times;
  }

  private Reminders.StoredReminder stored(Tenant at, String patient, UUID id) {
    return reminders.ofPatient(at, PatientId.of(patient), id).orElseThrow();
  }

  /** Why the last attempt failed, as stored with a reminder to be tried again. */
  private String lastError(Tenant at, UUID id) {
    return database.getCollection("reminders").find(new Document("_id", at.id() + "/" + id)).first()
        .getString("lastError");
  }

  private double leaseLost(String at) {
    var counter = meters.find("care.reminders.lease.lost").tag("at", at).counter();
    return counter == null ? 0 : counter.count();
  }

  /** The case: one clinic's receiver takes 5 s a call, another's answers at once. */
  @Test
  void two_dispatchers_beside_a_clinic_whose_receiver_takes_5_s_deliver_everything_once_and_the_fast_clinic_within_a_second()
      throws Exception {
    Tenant slowClinic = Tenant.of("slow-" + UUID.randomUUID().toString().substring(0, 8));
    Tenant fastClinic = Tenant.of("fast-" + UUID.randomUUID().toString().substring(0, 8));
    WebhookChannel webhooks = new WebhookChannel(tenant -> Optional.of(SECRET), Duration.ofSeconds(7), clock,
        new WebhookTargets(List.of(), true));
    // deliveries bounded by 7 s, the lease twice that: far shorter than the slow clinic's 20 calls
    // of 5 s one after another, which is how the batches of old outlasted their lease
    ReminderDispatch.Timing timing = new ReminderDispatch.Timing(Duration.ofSeconds(14), Duration.ofSeconds(7));
    ReminderDispatch.Limits limits = new ReminderDispatch.Limits(8, 4, 4); // 20 slow calls would fill both instances
    try (Receiver slow = new Receiver(Duration.ofSeconds(5)); Receiver fast = new Receiver()) {
      Instant start = clock.instant().plusSeconds(1);
      Map<UUID, Instant> slowDue = new HashMap<>();
      Map<UUID, Instant> fastDue = new HashMap<>();
      for (int p = 0; p < 4; p++) { // 20 due over 2 s
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          times.add(start.plusMillis(100L * (p * 5 + i)));
        }
        preferences.save(slowClinic, PatientId.of("pat-" + p), new PreferencesStore.Stored(ReminderPreferences.DEFAULTS,
            Channel.WEBHOOK, slow.url()));
        slowDue.putAll(dueAt(slowClinic, "pat-" + p, times));
      }
      for (int p = 0; p < 10; p++) { // 200 due over 4 s
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          times.add(start.plusMillis(20L * (p * 20 + i)));
        }
        preferences.save(fastClinic, PatientId.of("pat-" + p), new PreferencesStore.Stored(ReminderPreferences.DEFAULTS,
            Channel.WEBHOOK, fast.url()));
        fastDue.putAll(dueAt(fastClinic, "pat-" + p, times));
      }

      List<Thread> instances = new ArrayList<>();
      for (String name : List.of("instance-a", "instance-b")) {
        ReminderDispatch dispatch = dispatcher(name, List.of(countingInbox, webhooks), timing, limits, 4);
        instances.add(Thread.ofPlatform().name(name).start(() -> dispatch.run(50, Duration.ofMillis(50), () -> { })));
      }
      Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
          .until(() -> slow.received.size() >= 20 && fast.received.size() >= 200 && recordedSent().size() >= 220);
      started.forEach(ReminderDispatch::close);
      for (Thread instance : instances) {
        instance.join();
      }

      long[] delays = fast.received.stream()
          .mapToLong(r -> Duration.between(fastDue.get(UUID.fromString(r.reminderId())), r.at()).toMillis())
          .sorted().toArray();
      long p50 = delays[delays.length / 2];
      long p99 = delays[(int) Math.ceil(delays.length * 0.99) - 1];
      long slowest = slow.received.stream()
          .mapToLong(r -> Duration.between(slowDue.get(UUID.fromString(r.reminderId())), r.at()).toMillis()).max()
          .orElseThrow();
      System.out.printf("fast clinic fire delay (due to receipt) over %d reminders: p50 %d ms, p99 %d ms, max %d ms; "
          + "slow clinic: last call started %d ms after its due time, at most %d calls open at once%n", delays.length,
          p50, p99, delays[delays.length - 1], slowest, slow.mostOpen.get());
      assertThat(slow.timesReceived()).as("each of the slow clinic's reminders reached its receiver once")
          .containsOnlyKeys(slowDue.keySet().stream().map(UUID::toString).toList())
          .allSatisfy((id, times) -> assertThat(times).isOne());
      assertThat(fast.timesReceived()).as("each of the fast clinic's reminders reached its receiver once")
          .containsOnlyKeys(fastDue.keySet().stream().map(UUID::toString).toList())
          .allSatisfy((id, times) -> assertThat(times).isOne());
      assertThat(recordedSent()).as("one ReminderSent each").hasSize(220).allSatisfy((id, times) -> assertThat(times).isOne());
      assertThat(slow.mostOpen.get()).as("the slow clinic held at most its cap in each instance").isLessThanOrEqualTo(8);
      assertThat(leaseLost("before-send") + leaseLost("finish")).as("no claim was ever taken over").isZero();

      assertThat(p99).as("the fast clinic's fire delay p99, in ms").isLessThan(1_000);
    }
  }

  @Test
  void a_webhook_that_does_not_answer_in_time_is_a_failed_attempt_and_is_tried_again_later() throws Exception {
    try (Receiver receiver = new Receiver(Duration.ofMinutes(1), 1)) { // the first call hangs
      WebhookChannel impatient = new WebhookChannel(tenant -> Optional.of(SECRET), Duration.ofMillis(500), clock,
          new WebhookTargets(List.of(), true));
      webhookFor("pat-1", receiver.url());
      UUID id = due(1).getFirst();
      ReminderDispatch dispatch = dispatcher("instance-a", List.of(impatient), TIMING, LIMITS, 4);

      assertThat(dispatch.dispatchDue(10)).isOne();

      assertThat(stored(clinic, "pat-1", id)).satisfies(reminder -> {
        assertThat(reminder.status()).isEqualTo(Reminders.Status.RETRYING);
        assertThat(reminder.attempts()).isOne();
      });
      assertThat(lastError(clinic, id)).isEqualTo("the webhook did not answer within 500 ms");
      assertThat(recorded(id)).isEmpty();
      assertThat(dispatch.dispatchDue(10)).as("not before its retry time").isZero();
      clock.setOffset(clock.offset().plusSeconds(2));
      assertThat(dispatch.dispatchDue(10)).as("tried again after 2 s").isOne();
      assertThat(receiver.received).hasSize(2).allSatisfy(d -> assertThat(d.reminderId()).isEqualTo(id.toString()));
      assertThat(recorded(id)).singleElement().satisfies(sent -> assertThat(sent.attempt()).isEqualTo(2));
      assertThat(meters.get("care.reminders.retried").tag("channel", "WEBHOOK").counter().count()).isOne();
    }
  }

  @Test
  void a_delivery_that_outlasts_the_delivery_timeout_is_abandoned_as_a_failed_attempt_and_tried_again_later() {
    CountDownLatch never = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    ReminderChannel hangsOnce = new ReminderChannel() {
      @Override
      public Channel channel() {
        return Channel.WEBHOOK;
      }

      @Override
      public void deliver(Reminders.StoredReminder reminder, PreferencesStore.Stored chosen) {
        if (calls.incrementAndGet() == 1) {
          try {
            never.await(); // a channel with no timeout of its own, stuck
          } catch (InterruptedException e) {
            throw new DeliveryFailedException("interrupted");
          }
        }
      }
    };
    webhookFor("pat-1", URI.create("https://clinic.example/hook"));
    UUID id = due(1).getFirst();
    ReminderDispatch dispatch = dispatcher("instance-a", List.of(hangsOnce),
        new ReminderDispatch.Timing(LEASE, Duration.ofMillis(300)), LIMITS, 4);

    assertThat(dispatch.dispatchDue(10)).isOne();

    assertThat(stored(clinic, "pat-1", id).status()).isEqualTo(Reminders.Status.RETRYING);
    assertThat(lastError(clinic, id)).isEqualTo("the delivery took longer than 300 ms (reminders.delivery.timeout)");
    assertThat(meters.get("care.reminders.delivery.timeouts").counter().count()).isOne();
    clock.setOffset(clock.offset().plusSeconds(2));
    assertThat(dispatch.dispatchDue(10)).isOne();
    assertThat(recorded(id)).singleElement().satisfies(sent -> assertThat(sent.attempt()).isEqualTo(2));
  }

  @Test
  void a_dispatcher_whose_lease_ended_cannot_record_a_failure_over_the_delivery_of_the_one_that_took_over()
      throws Exception {
    webhookFor("pat-1", URI.create("https://clinic.example/hook"));
    UUID id = due(1).getFirst();
    GatedChannel stuck = new GatedChannel(clinic);
    GatedChannel working = new GatedChannel();
    ReminderDispatch late = dispatcher("instance-late", List.of(stuck), TIMING, LIMITS, 1); // its one attempt
    ReminderDispatch other = dispatcher("instance-other", List.of(working), TIMING, LIMITS, 4);

    try (ExecutorService background = Executors.newSingleThreadExecutor()) {
      Future<Integer> lateRound = background.submit(() -> late.dispatchDue(10));
      stuck.entered.await();
      clock.setOffset(LEASE.plusSeconds(1)); // its lease ends while it waits on the receiver
      assertThat(other.dispatchDue(10)).as("taken over").isOne();
      stuck.open(true); // then its receiver fails

      assertThat(lateRound.get()).isOne();
    }

    assertThat(stored(clinic, "pat-1", id)).satisfies(reminder -> {
      assertThat(reminder.status()).as("the other's result stands").isEqualTo(Reminders.Status.SENT);
      assertThat(reminder.attempts()).isEqualTo(2);
    });
    assertThat(events.load(clinic, "reminder-failed-" + id).events()).as("no failure recorded").isEmpty();
    assertThat(recorded(id)).singleElement().satisfies(sent -> assertThat(sent.attempt()).isEqualTo(2));
    assertThat(leaseLost("finish")).isOne();
  }

  @Test
  void a_dispatcher_whose_lease_ended_cannot_mark_sent_what_the_one_that_took_over_is_to_try_again()
      throws Exception {
    webhookFor("pat-1", URI.create("https://clinic.example/hook"));
    UUID id = due(1).getFirst();
    GatedChannel stuck = new GatedChannel(clinic);
    GatedChannel failing = new GatedChannel(clinic);
    failing.open(true);
    ReminderDispatch late = dispatcher("instance-late", List.of(stuck), TIMING, LIMITS, 4);
    ReminderDispatch other = dispatcher("instance-other", List.of(failing), TIMING, LIMITS, 4);

    try (ExecutorService background = Executors.newSingleThreadExecutor()) {
      Future<Integer> lateRound = background.submit(() -> late.dispatchDue(10));
      stuck.entered.await();
      clock.setOffset(LEASE.plusSeconds(1));
      assertThat(other.dispatchDue(10)).as("taken over, and its attempt failed").isOne();
      stuck.open(false); // the late one's receiver answers after all

      assertThat(lateRound.get()).isOne();
    }

    assertThat(stored(clinic, "pat-1", id)).satisfies(reminder -> {
      assertThat(reminder.status()).as("the other's result stands: to be tried again")
          .isEqualTo(Reminders.Status.RETRYING);
      assertThat(reminder.attempts()).isEqualTo(2);
    });
    // it was delivered, so the delivery is on record, by its reminder id, as attempt 1
    assertThat(recorded(id)).singleElement().satisfies(sent -> assertThat(sent.attempt()).isOne());
    assertThat(leaseLost("finish")).isOne();
  }

  @Test
  void a_clinic_at_its_cap_holds_only_its_own_slots_and_its_other_reminders_stay_unclaimed() throws Exception {
    Tenant slowClinic = Tenant.of("slow-" + UUID.randomUUID().toString().substring(0, 8));
    Tenant otherClinic = Tenant.of("other-" + UUID.randomUUID().toString().substring(0, 8));
    Instant now = clock.instant();
    for (Tenant at : List.of(slowClinic, otherClinic)) {
      preferences.save(at, PatientId.of("pat-1"), new PreferencesStore.Stored(ReminderPreferences.DEFAULTS,
          Channel.WEBHOOK, URI.create("https://clinic.example/hook")));
    }
    // the slow clinic's are due first
    Map<UUID, Instant> slowOnes = dueAt(slowClinic, "pat-1", List.of(now.minusSeconds(60), now.minusSeconds(59),
        now.minusSeconds(58), now.minusSeconds(57), now.minusSeconds(56), now.minusSeconds(55)));
    List<Instant> later = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      later.add(now.minusSeconds(30).plusMillis(i));
    }
    Map<UUID, Instant> otherOnes = dueAt(otherClinic, "pat-1", later);
    GatedChannel channel = new GatedChannel(slowClinic);
    ReminderDispatch dispatch = dispatcher("instance-a", List.of(channel), TIMING, new ReminderDispatch.Limits(4, 2, 4), 4);

    Thread loop = Thread.ofPlatform().start(() -> dispatch.run(50, Duration.ofMillis(50), () -> { }));
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> channel.delivered.size() == 10);

    assertThat(channel.delivered).containsExactlyInAnyOrderElementsOf(otherOnes.keySet());
    assertThat(channel.holding.get()).as("the slow clinic's calls in progress").isEqualTo(2);
    assertThat(meters.get("care.reminders.in.flight").tag("clinic", slowClinic.id()).gauge().value()).isEqualTo(2);
    List<Reminders.Status> slowStatuses = slowOnes.keySet().stream().map(id -> stored(slowClinic, "pat-1", id).status())
        .toList();
    assertThat(slowStatuses).as("two claimed, the rest left due for any dispatcher with a free slot")
        .containsExactlyInAnyOrder(Reminders.Status.CLAIMED, Reminders.Status.CLAIMED, Reminders.Status.PENDING,
            Reminders.Status.PENDING, Reminders.Status.PENDING, Reminders.Status.PENDING);

    channel.open(false);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> channel.delivered.size() == 16);
    dispatch.close();
    loop.join();
    assertThat(recordedSent()).hasSize(16).allSatisfy((id, times) -> assertThat(times).isOne());
  }

  @Test
  void a_lease_shorter_than_twice_the_delivery_timeout_is_refused_naming_both_settings() {
    assertThatThrownBy(() -> new ReminderDispatch.Timing(Duration.ofSeconds(15), Duration.ofSeconds(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reminders.dispatcher.lease (15000 ms)")
        .hasMessageContaining("reminders.delivery.timeout (10000 ms)");
    assertThat(new ReminderDispatch.Timing(Duration.ofSeconds(30), Duration.ofSeconds(10)).lease())
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void two_dispatchers_on_one_store_fire_each_reminder_exactly_once() throws Exception {
    List<UUID> ids = due(400);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> work = new ArrayList<>();
    try (ExecutorService instances = Executors.newFixedThreadPool(2)) {
      for (String name : List.of("instance-a", "instance-b")) {
        ReminderDispatch dispatch = dispatcher(name);
        work.add(instances.submit(() -> {
          go.await();
          int claimed = 0;
          int round;
          while ((round = dispatch.dispatchDue(10)) > 0) {
            claimed += round;
          }
          return claimed;
        }));
      }
      go.countDown();
      assertThat(work.get(0).get() + work.get(1).get()).isEqualTo(400);
    }

    assertThat(deliveries).hasSize(400).allSatisfy((id, times) -> assertThat(times.get()).isOne());
    assertThat(ids).allSatisfy(id -> assertThat(recorded(id)).singleElement()
        .satisfies(sent -> assertThat(sent.attempt()).isOne()));
    assertThat(reminders.ofPatient(clinic, PatientId.of("pat-1"), Reminders.Status.SENT, null, null, 0, 1000))
        .hasSize(400);
    assertThat(meters.get("care.reminders.fired").tag("kind", "MICRO_BREAK").tag("channel", "INBOX").counter().count())
        .isEqualTo(400);
    assertThat(meters.get("care.reminders.fire.delay").tag("kind", "MICRO_BREAK").timer().count()).isEqualTo(400);
    assertThat(meters.get("care.reminders.fire.delay").tag("kind", "BREATHING").timer().count())
        .as("every kind exported from the start, at zero").isZero();
  }

  @Test
  void a_dispatcher_that_dies_holding_claims_has_them_fired_once_after_its_lease_ends() {
    List<UUID> ids = due(50);
    Reminders.Claim lost = reminders.claim("instance-dead", clock.instant(), LEASE, 100); // then it dies
    assertThat(lost.reminders()).hasSize(50);
    ReminderDispatch survivor = dispatcher("instance-b");

    assertThat(survivor.dispatchDue(100)).as("held by the dead dispatcher's lease").isZero();
    clock.setOffset(LEASE.plusSeconds(1));
    assertThat(survivor.dispatchDue(100)).isEqualTo(50);
    assertThat(survivor.dispatchDue(100)).isZero();

    assertThat(deliveries).hasSize(50).allSatisfy((id, times) -> assertThat(times.get()).isOne());
    assertThat(ids).allSatisfy(id -> assertThat(recorded(id)).singleElement()
        .satisfies(sent -> assertThat(sent.attempt()).as("the second claim").isEqualTo(2)));
    // the dead dispatcher, were it to come back, no longer holds them
    assertThat(reminders.finish(lost, lost.reminders().getFirst(), Reminders.Status.SENT, clock.instant())).isFalse();
  }

  @Test
  void a_webhook_receives_the_reminder_signed_with_its_clinics_secret() throws Exception {
    try (Receiver receiver = new Receiver()) {
      webhookFor("pat-1", receiver.url());
      UUID id = due(1).getFirst();

      assertThat(dispatcher("instance-a").dispatchDue(10)).isOne();

      assertThat(receiver.received).singleElement().satisfies(delivery -> {
        assertThat(delivery.reminderId()).isEqualTo(id.toString());
        assertThat(Receiver.signedWith(SECRET, delivery)).isTrue();
        assertThat(Receiver.signedWith("another-clinics-secret", delivery)).isFalse();
        assertThat(delivery.body()).contains("\"reminderId\":\"" + id + "\"", "\"kind\":\"MICRO_BREAK\"");
      });
      assertThat(recorded(id)).singleElement().satisfies(sent -> assertThat(sent.channel()).isEqualTo(Channel.WEBHOOK));
    }
  }

  @Test
  void a_webhook_that_fails_is_tried_again_after_2_4_and_8_seconds_then_recorded_as_failed() throws Exception {
    try (Receiver receiver = new Receiver(500, 500, 500, 500)) {
      webhookFor("pat-1", receiver.url());
      UUID id = due(1).getFirst();
      ReminderDispatch dispatch = dispatcher("instance-a");

      assertThat(dispatch.dispatchDue(10)).isOne();
      for (int wait : new int[] {2, 4, 8}) {
        clock.setOffset(clock.offset().plusSeconds(wait - 1));
        assertThat(dispatch.dispatchDue(10)).as("a second before the retry").isZero();
        clock.setOffset(clock.offset().plusSeconds(1));
        assertThat(dispatch.dispatchDue(10)).isOne();
      }

      assertThat(receiver.received).hasSize(4).allSatisfy(d -> assertThat(d.reminderId()).isEqualTo(id.toString()));
      assertThat(reminders.ofPatient(clinic, PatientId.of("pat-1"), Reminders.Status.FAILED, null, null, 0, 10))
          .hasSize(1);
      List<ReminderFailed> failed = events.load(clinic, "reminder-failed-" + id).events().stream()
          .map(e -> (ReminderFailed) e.event()).toList();
      assertThat(failed).singleElement().satisfies(f -> {
        assertThat(f.attempts()).isEqualTo(4);
        assertThat(f.lastError()).isEqualTo("the webhook answered HTTP 500");
      });
      assertThat(meters.get("care.reminders.retried").counter().count()).isEqualTo(3);
      assertThat(meters.get("care.reminders.failed").tag("channel", "WEBHOOK").counter().count()).isOne();
    }
  }

  @Test
  void a_webhook_that_recovers_gets_the_reminder_and_it_is_recorded_sent_on_the_third_attempt() throws Exception {
    try (Receiver receiver = new Receiver(503, 503)) {
      webhookFor("pat-1", receiver.url());
      UUID id = due(1).getFirst();
      ReminderDispatch dispatch = dispatcher("instance-a");

      dispatch.dispatchDue(10);
      clock.setOffset(clock.offset().plusSeconds(2));
      dispatch.dispatchDue(10);
      clock.setOffset(clock.offset().plusSeconds(4));
      dispatch.dispatchDue(10);

      assertThat(receiver.received).hasSize(3);
      assertThat(recorded(id)).singleElement().satisfies(sent -> assertThat(sent.attempt()).isEqualTo(3));
    }
  }

  @Test
  void a_clinic_without_a_webhook_secret_gets_nothing_unsigned() throws Exception {
    try (Receiver receiver = new Receiver()) {
      Tenant unsigned = Tenant.of("clinic-without-secret");
      preferences.save(unsigned, PatientId.of("pat-1"), new PreferencesStore.Stored(ReminderPreferences.DEFAULTS,
          Channel.WEBHOOK, receiver.url()));
      Reminders.StoredReminder reminder = new Reminders.StoredReminder(unsigned, UUID.randomUUID(), UUID.randomUUID(),
          "pat-1", ReminderKind.EXERCISE, clock.instant(), LocalDate.of(2026, 11, 24).atTime(18, 0), null,
          Reminders.Status.CLAIMED, 1, null, List.of());

      assertThatThrownBy(() -> webhook.deliver(reminder, preferences.of(unsigned, PatientId.of("pat-1"))))
          .isInstanceOf(ReminderChannel.DeliveryFailedException.class).hasMessageContaining("no webhook secret");
      assertThat(receiver.received).isEmpty();
    }
  }

  @Test
  void a_webhook_that_resolves_inside_the_platform_gets_nothing_where_internal_networks_are_refused() throws Exception {
    try (Receiver receiver = new Receiver()) {
      WebhookChannel deployed = new WebhookChannel(tenant -> Optional.of(SECRET), Duration.ofSeconds(2), clock,
          new WebhookTargets(List.of("plan-service"), false));
      // this machine by its name, which resolves to an address of its own (loopback or its private network)
      URI sameReceiverByName = URI.create(receiver.url().toString().replace("127.0.0.1",
          InetAddress.getLocalHost().getHostName()));
      Reminders.StoredReminder reminder = new Reminders.StoredReminder(clinic, UUID.randomUUID(), UUID.randomUUID(),
          "pat-1", ReminderKind.EXERCISE, clock.instant(), LocalDate.of(2026, 11, 24).atTime(18, 0), null,
          Reminders.Status.CLAIMED, 1, null, List.of());

      for (URI inside : List.of(receiver.url(), sameReceiverByName)) {
        assertThatThrownBy(() -> deployed.deliver(reminder,
            new PreferencesStore.Stored(ReminderPreferences.DEFAULTS, Channel.WEBHOOK, inside)))
            .isInstanceOf(ReminderChannel.DeliveryFailedException.class)
            .hasMessageMatching(".*(is an internal address|does not resolve to a public address).*");
      }
      assertThat(receiver.received).isEmpty();
    }
  }

  @Test
  void a_webhook_that_redirects_elsewhere_is_not_followed_and_the_attempt_fails() throws Exception {
    try (Receiver elsewhere = new Receiver()) {
      HttpServer redirecting = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      redirecting.createContext("/hook", exchange -> {
        exchange.getResponseHeaders().add("Location", elsewhere.url().toString());
        exchange.sendResponseHeaders(307, -1);
        exchange.close();
      });
      redirecting.start();
      try {
        URI url = URI.create("http://127.0.0.1:" + redirecting.getAddress().getPort() + "/hook");
        Reminders.StoredReminder reminder = new Reminders.StoredReminder(clinic, UUID.randomUUID(), UUID.randomUUID(),
            "pat-1", ReminderKind.EXERCISE, clock.instant(), LocalDate.of(2026, 11, 24).atTime(18, 0), null,
            Reminders.Status.CLAIMED, 1, null, List.of());

        assertThatThrownBy(() -> webhook.deliver(reminder,
            new PreferencesStore.Stored(ReminderPreferences.DEFAULTS, Channel.WEBHOOK, url)))
            .isInstanceOf(ReminderChannel.DeliveryFailedException.class).hasMessageContaining("307");
        assertThat(elsewhere.received).isEmpty();
      } finally {
        redirecting.stop(0);
      }
    }
  }

  @Test
  void an_idle_dispatcher_fires_a_reminder_at_its_due_time_not_a_poll_later() throws Exception {
    Map<UUID, Instant> soon = dueAt(clinic, "pat-1", List.of(clock.instant().plusMillis(1500)));
    ReminderDispatch dispatch = dispatcher("instance-a");

    // its first round finds nothing due; polling alone would look again in ten minutes
    Thread loop = Thread.ofPlatform().start(() -> dispatch.run(50, Duration.ofMinutes(10), () -> { }));
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> deliveries.keySet().containsAll(soon.keySet()));
    dispatch.close();
    loop.join();

    assertThat(recordedSent()).containsOnlyKeys(soon.keySet());
  }

  @Test
  void a_reminder_planned_due_before_a_sleeping_dispatcher_meant_to_look_again_wakes_it() throws Exception {
    Map<UUID, Instant> later = dueAt(clinic, "pat-1", List.of(clock.instant().plus(Duration.ofMinutes(5))));
    ReminderDispatch dispatch = dispatcher("instance-a");
    Thread loop = Thread.ofPlatform().start(() -> dispatch.run(50, Duration.ofMinutes(10), () -> { }));
    Thread.sleep(300); // asleep until the later one is due

    Instant soonDue = clock.instant().plusMillis(200);
    Map<UUID, Instant> soon = dueAt(clinic, "pat-2", List.of(soonDue));
    dispatch.planned(soonDue);

    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> deliveries.keySet().containsAll(soon.keySet()));
    dispatch.close();
    loop.join();
    assertThat(deliveries).doesNotContainKeys(later.keySet().toArray(UUID[]::new));
  }

  @Test
  void reminders_another_dispatcher_took_first_are_counted_as_claim_conflicts_and_fired_once() {
    List<UUID> ids = due(5);
    ReminderDispatch first = dispatcher("instance-b");
    Reminders overtaken = new Reminders(database) {
      @Override
      public List<Candidate> due(Instant now, int limit, java.util.Collection<Tenant> skipping) {
        List<Candidate> found = super.due(now, limit, skipping);
        first.dispatchDue(limit); // takes them between this dispatcher's look and its claim
        return found;
      }
    };
    ReminderDispatch second = new ReminderDispatch("instance-a", overtaken, preferences, events,
        List.of(countingInbox), clock, TIMING, LIMITS, new ReminderDispatch.Attempts(4, Duration.ofSeconds(2)),
        "reminder-service", meters);
    started.add(second);

    assertThat(second.dispatchDue(10)).isZero();

    assertThat(meters.get("care.reminders.claim.conflicts").counter().count()).isEqualTo(5);
    assertThat(deliveries).containsOnlyKeys(ids).allSatisfy((id, times) -> assertThat(times.get()).isOne());
  }

  @Test
  void a_dispatcher_alone_fires_the_oldest_due_first() {
    List<UUID> ids = due(100); // one millisecond apart, oldest first

    assertThat(dispatcher("instance-a").dispatchDue(10)).isEqualTo(10);

    assertThat(deliveries).containsOnlyKeys(ids.subList(0, 10));
  }

  /** A dispatcher whose first look at the due reminders is overtaken: another claims them before it does. */
  private ReminderDispatch overtakenOnce(ReminderDispatch.Limits limits) {
    AtomicBoolean overtakeNextLook = new AtomicBoolean(true);
    Reminders overtaken = new Reminders(database) {
      @Override
      public List<Candidate> due(Instant now, int limit, java.util.Collection<Tenant> skipping) {
        List<Candidate> found = super.due(now, limit, skipping);
        if (overtakeNextLook.getAndSet(false)) {
          take("instance-b", found, now, LEASE); // between this dispatcher's look and its claim
        }
        return found;
      }
    };
    ReminderDispatch contending = new ReminderDispatch("instance-a", overtaken, preferences, events,
        List.of(countingInbox), clock, TIMING, limits, new ReminderDispatch.Attempts(4, Duration.ofSeconds(2)),
        "reminder-service", meters);
    started.add(contending);
    return contending;
  }

  @Test
  void a_dispatcher_that_lost_a_claim_takes_its_next_round_at_random_from_the_oldest_four_rounds_worth() {
    List<UUID> ids = due(100); // one millisecond apart, oldest first
    ReminderDispatch contending = overtakenOnce(LIMITS);
    assertThat(contending.dispatchDue(10)).as("the ten oldest, all taken by the other").isZero();

    assertThat(contending.dispatchDue(10)).isEqualTo(10);

    List<UUID> stillDue = ids.subList(10, 100);
    assertThat(deliveries.keySet()).as("fired after the lost claim").hasSize(10)
        .isSubsetOf(stillDue.subList(0, 40))
        .isNotEqualTo(Set.copyOf(stillDue.subList(0, 10))); // by chance once in 847 million
  }

  @Test
  void with_a_contended_window_of_one_a_dispatcher_that_lost_a_claim_takes_the_oldest_due_next() {
    List<UUID> ids = due(100);
    ReminderDispatch contending = overtakenOnce(new ReminderDispatch.Limits(8, 4, 1));
    assertThat(contending.dispatchDue(10)).isZero();

    assertThat(contending.dispatchDue(10)).isEqualTo(10);

    assertThat(deliveries).containsOnlyKeys(ids.subList(10, 20));
    assertThatThrownBy(() -> new ReminderDispatch.Limits(8, 4, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reminders.dispatcher.contended-window (0)");
  }

  @Test
  void a_reminder_not_yet_due_is_not_fired() {
    due(3);
    clock.setOffset(Duration.ofMinutes(-5)); // five minutes earlier, they were not due

    assertThat(dispatcher("instance-a").dispatchDue(10)).isZero();
    assertThat(deliveries).isEmpty();
  }
}
