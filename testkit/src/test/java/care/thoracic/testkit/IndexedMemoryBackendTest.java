package care.thoracic.testkit;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.CountOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.IndexKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
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
        collection.createIndex(Indexes.ascending("tenant", "due"));
        collection.createIndex(Indexes.ascending("at"));
      }
      Document doc = new Document("_id", "k" + i).append("n", i).append("tenant", i % 2 == 0 ? "a" : "b")
          .append("due", String.format("d%03d", i * 37 % 50)).append("at", new Date(60_000L * (i * 13 % 50)));
      if (i == 7) {
        doc.put("due", 5); // another type: a string range never matches it
      }
      if (i == 8) {
        doc.remove("at");
      }
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
  void answersRangesAndSortsFromItsIndexesAsTheStockBackendDoes() {
    List<Function<MongoCollection<Document>, List<Document>>> queries = List.of(
        c -> c.find(and(eq("tenant", "b"), lte("due", "d020"))).sort(Sorts.ascending("due")).limit(5).into(new ArrayList<>()),
        c -> c.find(and(eq("tenant", "b"), gte("due", "d010"), lt("due", "d030"))).sort(Sorts.ascending("due"))
            .into(new ArrayList<>()),
        c -> c.find(eq("tenant", "b")).sort(Sorts.descending("due")).skip(3).limit(4).into(new ArrayList<>()),
        c -> c.find(and(eq("tenant", "b"), gt("due", "d040"))).into(new ArrayList<>()),
        c -> c.find(gt("at", new Date(600_000L))).sort(Sorts.descending("at")).skip(2).limit(5).into(new ArrayList<>()),
        c -> c.find(lte("at", new Date(600_000L))).sort(Sorts.ascending("at")).into(new ArrayList<>()),
        c -> c.find(and(lte("at", new Date(1_200_000L)), eq("tenant", "b"))).sort(Sorts.ascending("n")).into(new ArrayList<>()),
        c -> c.find(and(gt("at", new Date(1_200_000L)), lt("at", new Date(600_000L)))).into(new ArrayList<>()),
        c -> c.find(lte("due", "d030")).sort(Sorts.ascending("due")).into(new ArrayList<>()),
        c -> c.find(eq("tenant", "b")).sort(Sorts.ascending("n")).limit(3).into(new ArrayList<>()),
        c -> c.find(and(eq("tenant", "b"), and(exists("n"), lte("due", "d020")))).sort(Sorts.descending("due"))
            .limit(4).into(new ArrayList<>()),
        c -> List.of(new Document("count", c.countDocuments(and(eq("tenant", "b"), lte("due", "d025"))))));
    for (int i = 0; i < queries.size(); i++) {
      assertThat(queries.get(i).apply(indexed)).as("query " + i).isEqualTo(queries.get(i).apply(stock));
    }
    assertThat(queries.get(0).apply(indexed)).extracting(d -> d.getString("due"))
        .containsExactly("d001", "d003", "d005", "d007", "d011"); // k7 holds a number, not "d009"
    assertThat(queries.get(3).apply(indexed)).extracting(d -> d.get("_id")).doesNotContain("k7");
  }

  @Test
  void countsWhatTheStockBackendCounts() {
    List<Function<MongoCollection<Document>, Long>> counts = List.of(
        c -> c.countDocuments(and(eq("tenant", "b"), lte("due", "d025"))),
        c -> c.countDocuments(eq("tenant", "a")), // arrays holding "a" too
        c -> c.countDocuments(eq("tenant", "nobody")),
        c -> c.countDocuments(and(eq("pending", true), gt("n", 10))),
        c -> c.countDocuments(gt("at", new Date(600_000L))),
        c -> c.countDocuments(eq("tenant", "b"), new CountOptions().skip(3)),
        c -> c.countDocuments(eq("tenant", "b"), new CountOptions().limit(4)),
        c -> c.countDocuments(eq("tenant", "b"), new CountOptions().skip(23).limit(4)),
        c -> c.countDocuments(new Document()),
        c -> (long) c.aggregate(List.of(new Document("$match", eq("tenant", "b")), // another group: not a count
            new Document("$group", new Document("_id", "$pending").append("n", new Document("$sum", 1)))))
            .into(new ArrayList<>()).size());
    for (int i = 0; i < counts.size(); i++) {
      assertThat(counts.get(i).apply(indexed)).as("count " + i).isEqualTo(counts.get(i).apply(stock));
    }
    assertThat(counts.get(0).apply(indexed)).isEqualTo(12L);
    assertThat(counts.get(7).apply(indexed)).as("25 of b: skip 23, at most 4").isEqualTo(2L);
  }

  @Test
  void plansWithTheConditionsOfNestedAndsAsMongoDbFlattensThem() {
    var nested = new de.bwaldvogel.mongo.bson.Document("$and", List.of(
        new de.bwaldvogel.mongo.bson.Document("tenant", "a"),
        new de.bwaldvogel.mongo.bson.Document("$and", List.of(new de.bwaldvogel.mongo.bson.Document("code",
            new de.bwaldvogel.mongo.bson.Document("$exists", true)), new de.bwaldvogel.mongo.bson.Document("status",
            "OPEN")))));
    assertThat(IndexedMemoryBackend.fieldConditions(nested)).containsOnlyKeys("tenant", "code", "status")
        .containsEntry("status", "OPEN");
    assertThat(IndexedMemoryBackend.leafConditions(nested)).as("all of them conditions on one field").isEqualTo(3);
    assertThat(IndexedMemoryBackend.leafConditions(new de.bwaldvogel.mongo.bson.Document("tenant", "a").append("$or",
        List.of(new de.bwaldvogel.mongo.bson.Document("n", 1))))).as("an index never answers an $or whole")
        .isEqualTo(-1);

    var index = new IndexedMemoryBackend.OrderedIndex("tenant_status",
        List.of(new IndexKey("tenant", true), new IndexKey("status", true)), false);
    assertThat(index.plan(Map.of("tenant", "a", "status", "OPEN"), null).consumed()).isEqualTo(2);
    assertThat(index.plan(Map.of("tenant", "a", "code", new de.bwaldvogel.mongo.bson.Document("$exists", true)), null)
        .consumed()).as("a condition the index does not hold is matched on the document").isEqualTo(1);
  }

  @Test
  void answersASortOnDatesInIndexOrderWithoutReadingTheRest() {
    var index = new IndexedMemoryBackend.OrderedIndex("tenant_updatedAt",
        List.of(new IndexKey("tenant", true), new IndexKey("updatedAt", true)), false);
    for (int i = 0; i < 5; i++) { // dates as the wire server reads them from BSON: Instants
      index.add(new de.bwaldvogel.mongo.bson.Document("_id", "k" + i).append("tenant", "a")
          .append("updatedAt", Instant.ofEpochSecond(i * 7 % 5)), i, null);
    }
    for (int i = 5; i < 8; i++) { // as new as k2: ties come in the order they were stored
      index.add(new de.bwaldvogel.mongo.bson.Document("_id", "k" + i).append("tenant", "a")
          .append("updatedAt", Instant.ofEpochSecond(4)), i, null);
    }
    var plan = index.plan(Map.of("tenant", "a"), new de.bwaldvogel.mongo.bson.Document("updatedAt", -1));
    assertThat(plan.ordered()).as("the sort is the index's").isTrue();
    assertThat(plan.positions()).as("newest first: 4 s (k2, k5, k6, k7), 3 s, 2 s, 1 s, 0 s")
        .containsExactly(2, 5, 6, 7, 4, 1, 3, 0);
    assertThat(plan.positions()).as("a page stops early, within a key").startsWith(2, 5);
    var due = index.plan(Map.of("tenant", "a", "updatedAt", new de.bwaldvogel.mongo.bson.Document("$lte",
        Instant.ofEpochSecond(1))), new de.bwaldvogel.mongo.bson.Document("updatedAt", 1));
    assertThat(due.positions()).as("a range of dates, in order").containsExactly(0, 3);
    var before = index.plan(Map.of("tenant", "a", "updatedAt", new de.bwaldvogel.mongo.bson.Document("$lt",
        Instant.ofEpochSecond(1))), new de.bwaldvogel.mongo.bson.Document("updatedAt", -1));
    assertThat(before.positions()).as("an exclusive bound walks no key equal to it").containsExactly(0);
    assertThat(before.keysUpTo().applyAsInt(10)).as("nor counts one").isEqualTo(1);
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
      collection.updateOne(eq("_id", "k9"), Updates.set("due", "d000")); // moves in the ordered index
      collection.updateOne(eq("_id", "k11"), Updates.unset("at"));
      collection.deleteMany(eq("tenant", "b"));
      collection.insertOne(new Document("_id", "late").append("n", 99).append("tenant", "b").append("pending", true));
      return List.of(find(collection, eq("pending", true)), find(collection, eq("tenant", "c")),
          find(collection, eq("tenant", "b")), find(collection, eq("tenant", "a")),
          collection.find(and(eq("tenant", "a"), lte("due", "d010"))).sort(Sorts.ascending("due")).into(new ArrayList<>()),
          collection.find(lte("at", new Date(900_000L))).sort(Sorts.descending("at")).into(new ArrayList<>()));
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
