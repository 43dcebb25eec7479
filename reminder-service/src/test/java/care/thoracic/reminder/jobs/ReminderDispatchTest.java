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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Dispatchers sharing one store (as instances of the service do): each reminder fires once. */
@RequiresTestInfra
class ReminderDispatchTest {
  private static final Duration LEASE = Duration.ofSeconds(30);
  private final MongoDatabase database = TestMongo.client().getDatabase("reminders-" + UUID.randomUUID()
      .toString().substring(0, 8));
  private final AdjustableClock clock = new AdjustableClock(Clock.systemUTC());
  private final EventStore events = new EventStore(database, clock, clock);
  private final Reminders reminders = new Reminders(database);
  private final PreferencesStore preferences = new PreferencesStore(database);
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
  };

  private static final String SECRET = "clinic-signing-secret";
  private final WebhookChannel webhook = new WebhookChannel(
      tenant -> tenant.equals(clinic) ? Optional.of(SECRET) : Optional.empty(), Duration.ofSeconds(2), clock,
      new WebhookTargets(List.of(), true)); // the receivers listen on 127.0.0.1

  private ReminderDispatch dispatcher(String name) {
    return new ReminderDispatch(name, reminders, preferences, events, List.of(countingInbox, webhook), clock, LEASE,
        new ReminderDispatch.Attempts(4, Duration.ofSeconds(2)), "reminder-service", meters);
  }

  /** A clinic's webhook receiver: answers the given statuses in turn, then 200; keeps what it got. */
  private static final class Receiver implements AutoCloseable {
    record Received(String reminderId, String timestamp, String signature, String body) {}

    private final HttpServer server;
    private final List<Integer> answers;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    Receiver(Integer... answers) throws IOException {
      this.answers = new CopyOnWriteArrayList<>(answers);
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/hook", exchange -> {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(exchange.getRequestHeaders().getFirst(WebhookChannel.REMINDER_ID),
            exchange.getRequestHeaders().getFirst(WebhookChannel.TIMESTAMP),
            exchange.getRequestHeaders().getFirst(WebhookChannel.SIGNATURE), body));
        int status = this.answers.isEmpty() ? 200 : this.answers.removeFirst();
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
      });
      server.start();
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    /** What a receiver holding {@code secret} checks before trusting a delivery. */
    static boolean signedWith(String secret, Received delivery) {
      return delivery.signature().equals("sha256=" + WebhookChannel.sign(secret, delivery.timestamp() + "."
          + delivery.body()));
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  private void webhookFor(String patient, URI url) {
    preferences.save(clinic, PatientId.of(patient), new PreferencesStore.Stored(ReminderPreferences.DEFAULTS,
        Channel.WEBHOOK, url));
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
    assertThat(meters.get("care.reminders.fire.delay").timer().count()).isEqualTo(400);
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
  void a_reminder_not_yet_due_is_not_fired() {
    due(3);
    clock.setOffset(Duration.ofMinutes(-5)); // five minutes earlier, they were not due

    assertThat(dispatcher("instance-a").dispatchDue(10)).isZero();
    assertThat(deliveries).isEmpty();
  }
}
