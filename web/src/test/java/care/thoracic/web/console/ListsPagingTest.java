package care.thoracic.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The console pages a list by its service's total, and on while pages show anything where counting stopped. */
class ListsPagingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode answer(int items, long total, boolean atLeast) {
    ObjectNode answer = JSON.createObjectNode().put("total", total).put("totalAtLeast", atLeast);
    ArrayNode shown = answer.putArray("items");
    for (int i = 0; i < items; i++) {
      shown.addObject().put("planId", "p" + i);
    }
    return answer;
  }

  @Test
  void an_exact_total_ends_the_pages_and_a_counted_one_goes_on_until_a_page_is_empty() {
    ListsResource.Paging last = ListsResource.paging("/l?page=", 2, 20, answer(5, 45, false));
    assertThat(last.previous()).isEqualTo("/l?page=1");
    assertThat(last.next()).isNull();
    assertThat(last.count()).isEqualTo("45");

    ListsResource.Paging beyond = ListsResource.paging("/l?page=", 50, 20, answer(20, 1_000, true));
    assertThat(beyond.next()).as("page 51 of a list of more than 1,000").isEqualTo("/l?page=51");
    assertThat(beyond.count()).isEqualTo("1,000+");
    assertThat(ListsResource.paging("/l?page=", 60, 20, answer(19, 1_219, true)).next())
        .as("a page short by an erased patient's item, past the count: there may be more").isEqualTo("/l?page=61");
    assertThat(ListsResource.paging("/l?page=", 61, 20, answer(0, 1_220, true)).next()).as("an empty page is the end")
        .isNull();
  }

  @Test
  void the_pages_end_where_the_services_stop_answering() {
    assertThat(ListsResource.paging("/l?page=", 9_999, 20, answer(20, 200_000, true)).next()).isEqualTo("/l?page=10000");
    assertThat(ListsResource.paging("/l?page=", 10_000, 20, answer(20, 200_020, true)).next())
        .as("no page the services refuse").isNull();
    assertThat(ListsResource.pageNumber("10000")).isEqualTo(10_000);
    assertThat(ListsResource.pageNumber("10001")).as("beyond: the first page").isZero();
    assertThat(ListsResource.pageNumber("-1")).isZero();
    assertThat(ListsResource.pageNumber("99999999999")).isZero();
  }
}
