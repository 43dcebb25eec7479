package care.thoracic.reminder.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.reminder.domain.PushSubscription;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Topic header a push service reads in the clear: stable per device and thing, telling it nothing. */
class OpaqueTopicTest {
  private static PushSubscription device(String auth) {
    return new PushSubscription(UUID.randomUUID(), Tenant.of("clinic-a"), PatientId.of("pat-1"),
        URI.create("https://push.example/send/abc"), "unused-here", auth, Instant.now());
  }

  @Test
  void one_thing_keeps_one_topic_on_a_device_so_a_newer_push_replaces_a_held_one() {
    PushSubscription phone = device("AAECAwQFBgcICQoLDA0ODw"); // 16 bytes
    PushSubscription laptop = device("DwAODQwLCgkIBwYFBAMCAQ");

    String flag = WebPushSender.opaqueTopic(phone, "flag");

    assertThat(WebPushSender.opaqueTopic(phone, "flag")).isEqualTo(flag);
    assertThat(flag).matches("[A-Za-z0-9_-]{32}").doesNotContain("flag");
    assertThat(WebPushSender.opaqueTopic(phone, "reminder-ice")).isNotEqualTo(flag);
    assertThat(WebPushSender.opaqueTopic(laptop, "flag")).as("no topic links two devices").isNotEqualTo(flag);
  }
}
