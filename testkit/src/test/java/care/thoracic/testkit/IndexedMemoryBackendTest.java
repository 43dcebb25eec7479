package care.thoracic.testkit;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The indexed backend answers exactly as the stock one (same matches, order, updates, upserts and
 * deletes) for queries its indexes serve and for those they do not.
 */
class IndexedMemoryBackendTest {
  private static final List<MongoServer> servers = new ArrayList<>();
  private static final List<MongoClient> clients = new ArrayList<>();
  private static MongoCollection<Document> stock;
  private static MongoCollection<Document> indexed;

  @BeforeAll
  static void start() {
    for (MongoServer server : List.of(new MongoServer(new MemoryBackend()), new MongoServer(new IndexedMemoryBackend()))) {
      servers.add(server);
      clients.add(MongoClients.create(server.bindAndGetConnectionString()));
    }
  }

  @BeforeEach
  void freshCollections() {
    stock = filled(clients.get(0));
    indexed = filled(clients.get(1));
  }

  private static MongoCollection<Document> filled(MongoClient client) {
    MongoCollection<Document> collection = client.getDatabase("probe").getCollection("docs");
    client.getDatabase("probe").drop();
    for (int i = 0; i < 50; i++) {
      if (i == 25) { // an index built over existing documents, and kept up by later writes
        collection.createIndex(Indexes.ascending("tenant"));
        collection.createIndex(Indexes.ascending("pending", "n"), new IndexOptions().sparse(true));
      }
      Document doc = new Document("_id", "k" + i).append("n", i).append("tenant", i % 2 == 0 ? "a" : "b");
      if (i % 3 == 0) {
        doc.append("checkpoint", (long) i);
      }
      if (i % 4 == 0) {
        doc.append("pending", true);
      }
      if (i % 10 == 0) {
        doc.put("tenant", List.of("a", "c")); // an array: matches "a" and "c" alike
      }
      collection.insertOne(doc);
    }
    return collection;
  }

  @AfterAll
  static void stop() {
    clients.forEach(MongoClient::close);
    servers.forEach(MongoServer::shutdownNow);
  }

  @Test
  void findsWhatTheStockBackendFinds() {
    List<Bson> queries = List.of(
        and(eq("_id", "k3"), eq("tenant", "b")),
        and(eq("_id", "k3"), eq("tenant", "a")),
        and(eq("_id", "k9"), or(exists("checkpoint", false), lt("checkpoint", 10L))),
        and(eq("_id", "k9"), or(exists("checkpoint", false), lt("checkpoint", 9L))),
        and(eq("_id", "k10"), or(exists("checkpoint", false), lt("checkpoint", 1L))),
        and(eq("_id", "missing"), eq("tenant", "a")),
        new Document("_id", "k4").append("tenant", "a"),
        and(in("_id", List.of("k1", "k2", "k3", "k4")), eq("tenant", "a")),
        and(gt("_id", "k40"), eq("tenant", "a")),
        or(eq("_id", "k1"), eq("_id", "k2")),
        eq("tenant", "b"),
        eq("tenant", "c"),
        and(eq("tenant", "a"), gt("n", 30)),
        and(eq("pending", true), eq("tenant", "a")),
        eq("pending", false),
        eq("tenant", null),
        in("tenant", List.of("b", "c")));
    for (Bson query : queries) {
      assertThat(find(indexed, query)).as(query.toString()).isEqualTo(find(stock, query));
    }
    assertThat(find(indexed, queries.get(2))).extracting(d -> d.get("_id")).containsExactly("k9");
    assertThat(find(indexed, queries.get(3))).isEmpty();
  }

  @Test
  void updatesAndUpsertsWhatTheStockBackendDoes() {
    Function<MongoCollection<Document>, List<Document>> changes = collection -> {
      Bson notYetApplied = or(exists("checkpoint", false), lt("checkpoint", 20L));
      collection.updateOne(and(eq("_id", "k12"), notYetApplied), Updates.combine(Updates.inc("n", 100),
          Updates.set("checkpoint", 20L)));
      collection.updateOne(and(eq("_id", "k12"), notYetApplied), Updates.inc("n", 100)); // already applied
      collection.updateOne(and(eq("_id", "new"), notYetApplied), Updates.set("checkpoint", 20L),
          new UpdateOptions().upsert(true));
      collection.updateMany(and(in("_id", List.of("k1", "k2")), eq("tenant", "b")), Updates.set("seen", true));
      return find(collection, in("_id", List.of("k1", "k2", "k12", "new")));
    };
    List<Document> indexedResult = changes.apply(indexed);
    assertThat(indexedResult).isEqualTo(changes.apply(stock));
    assertThat(indexedResult).filteredOn(d -> d.get("_id").equals("k12")).singleElement()
        .satisfies(d -> assertThat(d.getInteger("n")).isEqualTo(112));
  }

  @Test
  void keepsItsIndexesRightThroughUpdatesAndDeletes() {
    Function<MongoCollection<Document>, List<List<Document>>> changes = collection -> {
      collection.updateMany(in("_id", List.of("k4", "k8", "k12")), Updates.unset("pending")); // published
      collection.updateOne(eq("_id", "k5"), Updates.set("tenant", "c"));
      collection.updateOne(eq("_id", "k7"), Updates.set("tenant", List.of("c")));
      collection.deleteMany(eq("tenant", "b"));
      collection.insertOne(new Document("_id", "late").append("n", 99).append("tenant", "b").append("pending", true));
      return List.of(find(collection, eq("pending", true)), find(collection, eq("tenant", "c")),
          find(collection, eq("tenant", "b")), find(collection, eq("tenant", "a")));
    };
    List<List<Document>> indexedResult = changes.apply(indexed);
    assertThat(indexedResult).isEqualTo(changes.apply(stock));
    assertThat(indexedResult.get(2)).extracting(d -> d.get("_id")).containsExactly("late");
    assertThat(indexedResult.get(0)).extracting(d -> d.get("_id")).doesNotContain("k4", "k8", "k12").contains("late");
  }

  private static List<Document> find(MongoCollection<Document> collection, Bson query) {
    return collection.find(query).sort(new Document("_id", 1)).into(new ArrayList<>());
  }
}
