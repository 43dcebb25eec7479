package care.thoracic.web.pages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Today's activities as plan-service answers them, in words and as exercises a session logs. */
class TodayActivityTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static TodayActivity only(String dosage) throws Exception {
    return TodayActivity.of(JSON.readTree("""
        {"activities": [{"id": "walk", "name": "Walk", "instructions": "Brisk.", "dosage": %s}]}""".formatted(dosage)))
        .getFirst();
  }

  @Test
  void repetitions_are_logged_as_repetitions() throws Exception {
    TodayActivity activity = only("{\"sets\": 3, \"reps\": 10, \"repsMax\": 12, \"frequency\": \"twice a day\"}");
    assertThat(activity.dosage()).isEqualTo("3 sets of 10-12, twice a day");
    assertThat(activity.sets()).isEqualTo(3);
    assertThat(activity.reps()).isEqualTo(10);
    assertThat(activity.holdSeconds()).isNull();
  }

  @Test
  void a_hold_is_logged_as_a_hold_and_minutes_as_a_hold_of_at_most_ten_minutes() throws Exception {
    assertThat(only("{\"holdSeconds\": 20, \"holdSecondsMax\": 30, \"frequency\": \"daily\"}").holdSeconds()).isEqualTo(20);
    TodayActivity walk = only("{\"minutes\": 20, \"frequency\": \"daily\"}");
    assertThat(walk.dosage()).isEqualTo("20 min, daily");
    assertThat(walk.holdSeconds()).isEqualTo(600);
    assertThat(walk.reps()).isNull();
    assertThat(walk.sets()).isEqualTo(1);
  }

  @Test
  void an_activity_with_only_a_frequency_is_logged_as_done_once() throws Exception {
    TodayActivity sitting = only("{\"frequency\": \"whenever sitting\"}");
    assertThat(sitting.dosage()).isEqualTo("whenever sitting");
    assertThat(sitting.reps()).isEqualTo(1);
    assertThat(sitting.holdSeconds()).isNull();
  }
}
