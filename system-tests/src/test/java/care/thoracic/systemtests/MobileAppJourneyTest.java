package care.thoracic.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.devstack.CareApi;
import care.thoracic.devstack.CareApi.Service;
import care.thoracic.devstack.Journey;
import care.thoracic.testkit.PushServiceStandIn;
import care.thoracic.testkit.PushServiceStandIn.Device;
import care.thoracic.testkit.PushServiceStandIn.Received;
import care.thoracic.testkit.SseConnection;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A patient's app as app developers write it, on the four packaged services with a real broker and
 * store: it registers two devices for Web Push (a stand-in push service checks every push's VAPID
 * signature and decrypts it with its own RFC 8291 code), follows the patient's feed through a
 * ticket with no Authorization header (as an EventSource), is pushed each change once per device,
 * loses a device the push service says is gone, and catches up after a gap with one request.
 */
class MobileAppJourneyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RunningPlatform platform = RunningPlatform.get();

  private static Optional<JsonNode> entryOf(SseConnection stream, String kind) {
    return stream.data().stream().map(MobileAppJourneyTest::json).filter(entry -> entry.path("kind").asText()
        .equals(kind)).findFirst();
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(text, e);
    }
  }

  private static Optional<Received> pushOf(PushServiceStandIn pushService, Device device, long sequence) {
    return pushService.delivered(device).stream()
        .filter(push -> push.json().path("sequence").asLong() == sequence).findFirst();
  }

  @Test
  void the_app_follows_its_feed_by_ticket_is_pushed_each_change_once_per_device_and_catches_up_after_a_gap()
      throws Exception {
    Journey journey = platform.journey(RunningPlatform.newClinic("mobile"), "pat-1");
    CareApi api = platform.api();
    String feed = "/patients/pat-1/feed";
    try (PushServiceStandIn pushService = PushServiceStandIn.start()) {
      Device phone = pushService.device("phone");
      Device tablet = pushService.device("tablet");
      for (Device device : List.of(phone, tablet)) {
        api.send(Service.REMINDER, "PUT", "/patients/pat-1/push-subscriptions", journey.patientToken(),
            device.subscription(), Map.of(), 201);
      }
      JsonNode ticket = api.post(Service.REMINDER, feed + "/tickets", journey.patientToken(), null, 201);
      SseConnection live = SseConnection.open(api.base(Service.REMINDER).resolve(ticket.path("stream").asText()),
          Map.of()); // an EventSource: no Authorization header

      journey.submitIntake(journey.mechanicalIntake(journey.tomorrowAt(LocalTime.of(9, 30)), 5));
      String planId = journey.awaitRunningPlan();
      JsonNode started = Journey.await("the plan's start on the live feed", () -> entryOf(live, "PLAN_STARTED"));
      assertThat(started.path("sequence").asLong()).isEqualTo(1);
      assertThat(started.path("planId").asText()).isEqualTo(planId);
      for (Device device : List.of(phone, tablet)) {
        Received push = Journey.await("the start pushed to the " + device.name(), () -> pushOf(pushService, device, 1));
        assertThat(push.json().path("title").asText()).isEqualTo("Your exercise plan has started");
        assertThat(push.json().path("catchUp").asText()).isEqualTo(feed + "?after=0");
        assertThat(push.json().path("tag").asText()).startsWith("plan-");
        assertThat(push.topic()).hasSize(32).doesNotContain("plan"); // the push service reads it in the clear
        assertThat(push.urgency()).isEqualTo("normal");
        assertThat(push.ttl()).isPositive();
      }

      pushService.answerAlways(tablet, 410); // the tablet's browser unsubscribed
      journey.decide("suspend", "Sent for imaging after a fall on the ice.");
      JsonNode suspended = Journey.await("the suspension on the live feed", () -> entryOf(live, "PLAN_SUSPENDED"));
      assertThat(suspended.path("sequence").asLong()).isEqualTo(2);
      assertThat(suspended.toString()).doesNotContain("imaging", "fall");
      Received urgent = Journey.await("the suspension pushed to the phone", () -> pushOf(pushService, phone, 2));
      assertThat(urgent.urgency()).isEqualTo("high");
      assertThat(urgent.payload()).doesNotContain("imaging");
      Journey.await("the gone tablet removed", () -> Optional.of(api.get(Service.REMINDER,
          "/patients/pat-1/push-subscriptions", journey.patientToken())).filter(devices -> devices.size() == 1));
      live.close(); // the phone goes into a tunnel

      journey.decide("resume", "Imaging clear; carry on.");
      Received resumed = Journey.await("the resume pushed to the phone", () -> pushOf(pushService, phone, 3));
      String catchUp = resumed.json().path("catchUp").asText();
      assertThat(catchUp).isEqualTo(feed + "?after=2");
      JsonNode page = api.get(Service.REMINDER, catchUp, journey.patientToken());
      assertThat(page.path("entries")).extracting(entry -> entry.path("kind").asText()).containsExactly("PLAN_RESUMED");

      assertThat(pushService.delivered(phone)).extracting(push -> push.json().path("sequence").asLong())
          .containsExactly(1L, 2L, 3L);
      assertThat(pushService.delivered(tablet)).hasSize(1);
      assertThat(pushService.rejections()).isEmpty();
      SseConnection reopened = SseConnection.open(api.base(Service.REMINDER).resolve(ticket.path("stream").asText()),
          Map.of());
      assertThat(reopened.status().get(30, TimeUnit.SECONDS)).as("a used ticket opens nothing").isEqualTo(401);
    }
  }
}
