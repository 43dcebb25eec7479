package care.thoracic.reminder.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.eventsourcing.time.AdjustableClock;
import care.thoracic.reminder.delivery.WebPushSender;
import care.thoracic.reminder.delivery.WebhookTargets;
import care.thoracic.reminder.domain.FeedEntry;
import care.thoracic.reminder.domain.FeedEntryKind;
import care.thoracic.reminder.domain.FeedNotice;
import care.thoracic.reminder.domain.PushNotice;
import care.thoracic.reminder.domain.PushSubscription;
import care.thoracic.reminder.store.PushDeliveries;
import care.thoracic.reminder.store.PushDeliveries.Status;
import care.thoracic.reminder.store.PushSubscriptions;
import care.thoracic.testkit.PushServiceStandIn;
import care.thoracic.testkit.PushServiceStandIn.Device;
import care.thoracic.testkit.RequiresTestInfra;
import care.thoracic.testkit.TestMongo;
import care.thoracic.testkit.TestVapidKeys;
import com.interaso.webpush.VapidKeys;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Push dispatchers on one store, pushing through the real sender (the library's encryption and
 * VAPID token) to the stand-in push service, which checks every header, verifies the token and
 * decrypts every payload on its own.
 */
@RequiresTestInfra
class PushDispatchTest {
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final PushDispatch.Timing TIMING = new PushDispatch.Timing(LEASE, Duration.ofSeconds(5));
  private static final PushDispatch.Attempts ATTEMPTS = new PushDispatch.Attempts(4, Duration.ofSeconds(2),
      Duration.ofMinutes(15));

  private final MongoDatabase database = TestMongo.client().getDatabase("push-" + UUID.randomUUID().toString()
      .substring(0, 8));
  private final AdjustableClock clock = new AdjustableClock(Clock.systemUTC());
  private final PushSubscriptions subscriptions = new PushSubscriptions(database);
  private final PushDeliveries deliveries = new PushDeliveries(database, subscriptions, clock);
  private final Tenant clinic = Tenant.of("clinic-" + UUID.randomUUID().toString().substring(0, 8));
  private final PatientId patient = PatientId.of("pat-1");
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final WebPushSender sender = new WebPushSender("mailto:push-tests@care.thoracic",
      VapidKeys.fromUncompressedBytes(TestVapidKeys.config().get("reminders.push.vapid.public-key"),
          TestVapidKeys.config().get("reminders.push.vapid.private-key")),
      Duration.ofSeconds(5), new WebhookTargets(List.of(), true), clock); // the stand-in listens on 127.0.0.1
  private final PushServiceStandIn pushService;
  private final List<PushDispatch> started = new CopyOnWriteArrayList<>();

  PushDispatchTest() throws IOException {
    pushService = PushServiceStandIn.start();
  }

  @AfterEach
  void stop() {
    started.forEach(PushDispatch::close);
    pushService.close();
    assertThat(pushService.rejections()).as("pushes the stand-in push service refused").isEmpty();
  }

  private PushDispatch dispatcher(String name, int perDevicePerHour) {
    PushDispatch dispatch = new PushDispatch(name, deliveries, subscriptions, sender, clock, TIMING,
        new PushDispatch.Limits(8, perDevicePerHour), ATTEMPTS, meters);
    started.add(dispatch);
    return dispatch;
  }

  private PushDispatch dispatcher(String name) {
    return dispatcher(name, 20);
  }

  private PushSubscription registered(Device device) {
    return subscriptions.register(clinic, patient, device.endpoint(), device.p256dh(), device.auth(), clock.instant(),
        10).subscription();
  }

  /** The patient's feed entry {@code sequence}: a reminder pushed for an hour from now. */
  private FeedEntry reminder(long sequence) {
    return entry(sequence, clock.instant(), new PushNotice("Time for your breathing exercise", "reminder-breathing",
        PushNotice.Urgency.NORMAL, Duration.ofHours(1)));
  }

  private FeedEntry entry(long sequence, Instant occurredAt, PushNotice push) {
    return new FeedEntry(clinic, patient, sequence, new FeedNotice("source-" + sequence, FeedEntryKind.REMINDER,
        occurredAt, "Time for your breathing exercise", "Time for your breathing exercise.", null, Map.of(), push));
  }

  private Status status(PushSubscription device, long sequence) {
    return deliveries.statusOf(device.subscriptionId(), clinic, patient, sequence).orElseThrow();
  }

  private double count(String meter) {
    var counter = meters.find(meter).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void an_entry_for_a_patient_with_two_devices_is_pushed_once_to_each_with_its_text_sequence_and_headers() {
    Device phone = pushService.device("phone");
    Device laptop = pushService.device("laptop");
    registered(phone);
    registered(laptop);
    FeedEntry entry = reminder(7);

    deliveries.enqueue(entry);
    deliveries.enqueue(entry); // a redelivered event
    assertThat(dispatcher("one").dispatchDue(100)).isEqualTo(2);
    deliveries.enqueue(entry); // and once more after the pushes: nothing new
    assertThat(dispatcher("two").dispatchDue(100)).isZero();

    for (Device device : List.of(phone, laptop)) {
      List<PushServiceStandIn.Received> pushed = pushService.delivered(device);
      assertThat(pushed).hasSize(1);
      PushServiceStandIn.Received push = pushed.getFirst();
      assertThat(push.json().path("title").asText()).isEqualTo("Time for your breathing exercise");
      assertThat(push.json().path("sequence").asLong()).isEqualTo(7);
      assertThat(push.json().path("patientId").asText()).isEqualTo("pat-1");
      assertThat(push.json().path("catchUp").asText()).isEqualTo("/patients/pat-1/feed?after=6");
      assertThat(push.json().path("tag").asText()).isEqualTo("reminder-breathing");
      // the push service reads the Topic in the clear: it must not name the treatment
      assertThat(push.topic()).hasSize(32).doesNotContainIgnoringCase("reminder").doesNotContainIgnoringCase("breath");
      assertThat(push.urgency()).isEqualTo("normal");
      assertThat(push.ttl()).as("what is left of the hour").isBetween(3500L, 3600L);
    }
    assertThat(count("care.push.sent")).isEqualTo(2);
    assertThat(pushService.delivered(phone).getFirst().topic()).as("a topic of each device's own")
        .isNotEqualTo(pushService.delivered(laptop).getFirst().topic());
  }

  @Test
  void an_entry_without_a_push_or_a_patient_without_devices_enqueues_nothing() {
    deliveries.enqueue(reminder(1)); // no device yet
    PushSubscription phone = registered(pushService.device("phone"));
    deliveries.enqueue(entry(2, clock.instant(), null));
    assertThat(dispatcher("one").dispatchDue(100)).isZero();
    assertThat(deliveries.statusOf(phone.subscriptionId(), clinic, patient, 2)).isEmpty();
  }

  @Test
  void a_device_the_push_service_says_is_gone_is_removed_and_never_pushed_to_again() {
    Device gone = pushService.device("gone");
    Device kept = pushService.device("kept");
    registered(gone);
    registered(kept);
    pushService.answerAlways(gone, 410);

    deliveries.enqueue(reminder(1));
    dispatcher("one").dispatchDue(100);
    deliveries.enqueue(reminder(2));
    dispatcher("one").dispatchDue(100);

    assertThat(pushService.attempts(gone)).hasSize(1);
    assertThat(pushService.delivered(kept)).hasSize(2);
    assertThat(subscriptions.of(clinic, patient)).extracting(PushSubscription::endpoint)
        .containsExactly(kept.endpoint());
    assertThat(meters.find("care.push.subscriptions.removed").tag("reason", "gone").counter().count()).isEqualTo(1);
  }

  @Test
  void a_push_answered_429_is_tried_again_after_its_retry_after_and_then_delivered() {
    Device phone = pushService.device("phone");
    PushSubscription device = registered(phone);
    pushService.answerNext(phone, 429, "120");
    deliveries.enqueue(reminder(1));
    PushDispatch dispatch = dispatcher("one");

    dispatch.dispatchDue(100);
    assertThat(status(device, 1)).isEqualTo(Status.RETRYING);
    clock.setOffset(Duration.ofSeconds(119));
    assertThat(dispatch.dispatchDue(100)).as("not before Retry-After").isZero();
    clock.setOffset(Duration.ofSeconds(121));
    assertThat(dispatch.dispatchDue(100)).isEqualTo(1);

    assertThat(pushService.attempts(phone)).extracting(PushServiceStandIn.Received::answered).containsExactly(429, 201);
    assertThat(status(device, 1)).isEqualTo(Status.SENT);
    assertThat(count("care.push.retried")).isEqualTo(1);
  }

  @Test
  void a_push_service_failing_until_the_notice_expires_gets_no_more_tries_and_other_4xx_fail_at_once() {
    Device busy = pushService.device("busy");
    Device refusing = pushService.device("refusing");
    PushSubscription busyDevice = registered(busy);
    PushSubscription refusingDevice = registered(refusing);
    pushService.answerNext(busy, 503, "7200"); // two hours, taken as the longest wait (15 minutes)
    pushService.answerNext(refusing, 413);

    deliveries.enqueue(entry(1, clock.instant(), new PushNotice("Time for a short movement break",
        "reminder-micro-break", PushNotice.Urgency.LOW, Duration.ofMinutes(10)))); // worth less than the wait
    dispatcher("one").dispatchDue(100);

    assertThat(status(busyDevice, 1)).isEqualTo(Status.EXPIRED);
    assertThat(status(refusingDevice, 1)).isEqualTo(Status.FAILED);
    assertThat(meters.find("care.push.failed").tag("reason", "refused").counter().count()).isEqualTo(1);
  }

  @Test
  void a_delivery_older_than_its_notice_lifetime_is_dropped_not_pushed() {
    Device phone = pushService.device("phone");
    PushSubscription device = registered(phone);
    deliveries.enqueue(entry(1, clock.instant().minus(Duration.ofMinutes(61)), new PushNotice("Time for ice",
        "reminder-ice", PushNotice.Urgency.NORMAL, Duration.ofHours(1))));

    dispatcher("one").dispatchDue(100);

    assertThat(pushService.received()).isEmpty();
    assertThat(status(device, 1)).isEqualTo(Status.EXPIRED);
    assertThat(count("care.push.expired")).isEqualTo(1);
  }

  @Test
  void beyond_the_hourly_cap_a_device_gets_no_push_until_the_hour_has_passed() {
    Device phone = pushService.device("phone");
    PushSubscription device = registered(phone);
    for (long sequence = 1; sequence <= 5; sequence++) {
      deliveries.enqueue(reminder(sequence));
    }
    PushDispatch dispatch = dispatcher("one", 3);

    dispatch.dispatchDue(100);
    assertThat(pushService.delivered(phone)).extracting(push -> push.json().path("sequence").asLong())
        .containsExactly(1L, 2L, 3L);
    assertThat(status(device, 4)).isEqualTo(Status.CAPPED);
    assertThat(status(device, 5)).isEqualTo(Status.CAPPED);
    assertThat(count("care.push.capped")).isEqualTo(2);

    clock.setOffset(Duration.ofMinutes(61));
    deliveries.enqueue(reminder(6));
    dispatch.dispatchDue(100);
    assertThat(pushService.delivered(phone)).hasSize(4);
  }

  @Test
  void deliveries_a_dead_dispatcher_claimed_are_pushed_once_by_another_after_the_lease_and_the_dead_one_overwrites_nothing() {
    Device phone = pushService.device("phone");
    Device laptop = pushService.device("laptop");
    registered(phone);
    registered(laptop);
    for (long sequence = 1; sequence <= 3; sequence++) {
      deliveries.enqueue(reminder(sequence));
    }
    // a dispatcher claims everything and dies before pushing (kill -9: its claims simply stay)
    PushDeliveries.Claim dead = deliveries.take("dead", deliveries.due(clock.instant(), 100, Set.of()),
        clock.instant(), LEASE);
    assertThat(dead.deliveries()).hasSize(6);
    PushDispatch survivor = dispatcher("survivor");

    assertThat(survivor.dispatchDue(100)).as("claims held while their lease runs").isZero();
    clock.setOffset(LEASE.plusSeconds(1));
    assertThat(survivor.dispatchDue(100)).isEqualTo(6);

    assertThat(pushService.delivered(phone)).extracting(push -> push.json().path("sequence").asLong())
        .containsExactly(1L, 2L, 3L);
    assertThat(pushService.delivered(laptop)).hasSize(3);
    // the dead dispatcher, were it to wake, can neither re-claim nor conclude what the survivor did
    PushDeliveries.Delivery first = dead.deliveries().getFirst();
    assertThat(deliveries.renew(dead, first, clock.instant(), LEASE)).isFalse();
    assertThat(deliveries.finish(dead, first, Status.FAILED, clock.instant(), "late")).isFalse();
  }

  @Test
  void a_claim_renewed_in_the_same_instant_it_was_taken_is_still_its_own() {
    // the store answers "matched, not modified" when the renewal writes the lease it already has: the
    // benchmark's dispatcher took that for a lost claim and pushed those entries 30 s late
    registered(pushService.device("phone"));
    deliveries.enqueue(reminder(1));
    Instant now = clock.instant();
    PushDeliveries.Claim claim = deliveries.take("one", deliveries.due(now, 10, Set.of()), now, LEASE);

    assertThat(deliveries.renew(claim, claim.deliveries().getFirst(), now, LEASE)).isTrue();
  }

  @Test
  void a_dispatcher_closed_after_claiming_finishes_its_pushes_and_two_dispatchers_push_each_entry_once_per_device()
      throws Exception {
    List<Device> devices = List.of(pushService.device("a"), pushService.device("b"), pushService.device("c"));
    devices.forEach(this::registered);
    for (long sequence = 1; sequence <= 10; sequence++) {
      deliveries.enqueue(reminder(sequence));
    }
    PushDispatch first = dispatcher("first");
    PushDispatch second = dispatcher("second");
    ExecutorService both = Executors.newVirtualThreadPerTaskExecutor();
    List<Future<Integer>> runs = new ArrayList<>();
    runs.add(both.submit(() -> first.dispatchDue(100)));
    runs.add(both.submit(() -> second.dispatchDue(100)));
    first.close(); // stops claiming; what it claimed is pushed and concluded, the rest left to the second
    int claimed = 0;
    for (Future<Integer> run : runs) {
      claimed += run.get();
    }
    both.close();
    claimed += second.dispatchDue(100);

    assertThat(claimed).isEqualTo(30);
    for (Device device : devices) {
      List<Long> sequences = pushService.delivered(device).stream().map(push -> push.json().path("sequence").asLong())
          .toList();
      assertThat(sequences).as(device.name()).hasSize(10);
      assertThat(new HashSet<>(sequences)).as(device.name() + ", each once").hasSize(10);
    }
    assertThat(pushService.received().stream().collect(Collectors.groupingBy(PushServiceStandIn.Received::device,
        Collectors.counting()))).containsOnly(Map.entry("a", 10L), Map.entry("b", 10L), Map.entry("c", 10L));
  }
}
