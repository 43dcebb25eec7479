package care.thoracic.reminder.store;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.testkit.TestMongo;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The reminders' indexes: a plan's reconcile reads its pending reminders in the planning window from
 * one index on (plan, status, due time); the index a store kept from before it, on the plan alone, goes.
 */
class RemindersIndexesTest {
  private final MongoDatabase database = TestMongo.client().getDatabase("reminder-indexes-" + UUID.randomUUID());

  private List<Document> indexes() {
    return database.getCollection("reminders").listIndexes().into(new ArrayList<>());
  }

  @Test
  void given_a_store_with_the_plan_index_of_before_it_is_replaced_by_plan_status_and_due_time() {
    database.getCollection("reminders").createIndex(Indexes.ascending("planId"),
        new IndexOptions().name(Reminders.SUPERSEDED_BY_PLAN));

    new Reminders(database);
    new Reminders(database); // a second instance starting on the same store changes nothing

    assertThat(indexes()).extracting(index -> index.getString("name"))
        .contains(Reminders.BY_PLAN).doesNotContain(Reminders.SUPERSEDED_BY_PLAN);
    assertThat(indexes()).filteredOn(index -> Reminders.BY_PLAN.equals(index.getString("name"))).singleElement()
        .satisfies(index -> assertThat(index.get("key", Document.class).keySet())
            .containsExactly("planId", "status", "dueAt"));
  }
}
