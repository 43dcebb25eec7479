package care.thoracic.reminder.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What each answer of a push service means for the push. */
class PushAnswerTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void statuses_mean_delivered_gone_later_or_never() {
    assertThat(PushAnswer.of(201, null, NOW)).isInstanceOf(PushAnswer.Delivered.class);
    assertThat(PushAnswer.of(404, null, NOW)).isInstanceOf(PushAnswer.Gone.class);
    assertThat(PushAnswer.of(410, null, NOW)).isInstanceOf(PushAnswer.Gone.class);
    assertThat(PushAnswer.of(429, null, NOW)).isInstanceOf(PushAnswer.RetryLater.class);
    assertThat(PushAnswer.of(502, null, NOW)).isInstanceOf(PushAnswer.RetryLater.class);
    for (int refused : new int[] {400, 401, 403, 413}) {
      assertThat(PushAnswer.of(refused, null, NOW)).isInstanceOf(PushAnswer.Refused.class);
    }
  }

  @Test
  void retry_after_is_read_as_seconds_or_an_http_date_and_ignored_otherwise() {
    assertThat(PushAnswer.retryAfter("120", NOW)).contains(NOW.plusSeconds(120));
    assertThat(PushAnswer.retryAfter("Tue, 01 Dec 2026 10:05:00 GMT", NOW)).contains(NOW.plusSeconds(300));
    assertThat(PushAnswer.retryAfter("soon", NOW)).isEmpty();
    assertThat(PushAnswer.retryAfter("-5", NOW)).isEmpty();
    assertThat(PushAnswer.of(429, "30", NOW)).isEqualTo(new PushAnswer.RetryLater("the push service answered HTTP 429",
        Optional.of(NOW.plusSeconds(30))));
  }
}
