package care.thoracic.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A clinic-wide list's total is exact up to the count limit, and a lower bound past it. */
class PageTest {

  @Test
  void a_total_up_to_the_limit_is_exact_and_one_past_it_says_at_least_the_limit() {
    assertThat(Page.countedToLimit(List.of(), 0, 20, 0)).extracting(Page::total, Page::totalAtLeast)
        .containsExactly(0L, false);
    assertThat(Page.countedToLimit(List.of("a"), 3, 20, Page.COUNT_LIMIT)).extracting(Page::total, Page::totalAtLeast)
        .containsExactly((long) Page.COUNT_LIMIT, false);
    assertThat(Page.countedToLimit(List.of("a"), 3, 20, Page.COUNT_LIMIT + 1))
        .extracting(Page::total, Page::totalAtLeast).containsExactly((long) Page.COUNT_LIMIT, true);
    assertThat(Page.countedToLimit(List.of("a", "b"), 60, 20, Page.COUNT_LIMIT + 1).total())
        .as("at least what the page reaches").isEqualTo(1_202L);
    assertThat(new Page<>(List.of("a"), 0, 20, 5_000).totalAtLeast()).as("an exact list's total").isFalse();
  }
}
