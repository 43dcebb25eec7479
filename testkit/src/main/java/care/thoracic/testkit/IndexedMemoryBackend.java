package care.thoracic.testkit;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The mongo-java-server memory backend, using indexes for equality conditions as a real MongoDB
 * does. The stock backend uses an index only when the whole query is one condition on a unique
 * index, and ignores every other index: the idempotent projection update
 * ({@code {_id: k, $or: [checkpoint…]}}) and the outbox poll ({@code {pending: true}}) scanned the
 * whole collection, holding its lock, so they slowed down as the data grew and stalled every
 * writer meanwhile (measured in the triage benchmark: three quarters of the store's CPU, and
 * latency spikes every poll). Here a query with an equality condition on an indexed field
 * ({@code _id}, or the first field of a secondary index) matches only the documents the index
 * names. Answers are those of the stock backend; only the candidates differ.
 */
public final class IndexedMemoryBackend extends MemoryBackend {
  private static final String ID = "_id";

  @Override
  public MemoryDatabase openOrCreateDatabase(String databaseName) {
    return new MemoryDatabase(databaseName, getCursorRegistry()) {
      @Override
      protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
        return new IndexedCollection(this, collectionName, options, getCursorRegistry());
      }

      @Override
      protected Index<Integer> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
          boolean sparse) {
        return new EqualityIndex(indexName, keys, sparse);
      }
    };
  }

  private static final class IndexedCollection extends MemoryCollection {
    IndexedCollection(MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursors) {
      super(database, name, options, cursors);
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
        Document fieldSelector) {
      for (Document condition : equalityConditions(query)) {
        for (Index<Integer> index : getIndexes()) {
          if (index.canHandle(condition)) {
            // the candidates the index names, each matched against the whole query
            return matchDocuments(query, index.getPositions(condition), orderBy, skip, limit, batchSize, fieldSelector);
          }
        }
      }
      return super.queryDocuments(query, orderBy, skip, limit, batchSize, fieldSelector);
    }
  }

  /** The single-field conditions every match of the query must satisfy: its top level and its {@code $and}. */
  static List<Document> equalityConditions(Document query) {
    List<Document> conditions = new ArrayList<>();
    List<Object> clauses = new ArrayList<>(List.of(query));
    if (query.get("$and") instanceof List<?> all) {
      clauses.addAll(all);
    }
    for (Object clause : clauses) {
      if (clause instanceof Document document) {
        document.forEach((field, value) -> {
          if (!field.startsWith("$")) {
            conditions.add(new Document(field, value));
          }
        });
      }
    }
    conditions.sort((a, b) -> Boolean.compare(!a.containsKey(ID), !b.containsKey(ID))); // _id first: one match at most
    return conditions;
  }

  /**
   * A non-unique index on its first field, for equality with a string or a boolean (tenant,
   * status, pending flag). Documents whose value is an array or a sub-document are always
   * candidates, so array-membership matches are never missed.
   */
  static final class EqualityIndex extends Index<Integer> {
    private final String field;
    private final Map<Object, Set<Integer>> positionsByValue = new HashMap<>();
    private final Set<Integer> alwaysCandidates = new HashSet<>();
    private final Map<Object, Integer> positionsById = new HashMap<>();

    EqualityIndex(String name, List<IndexKey> keys, boolean sparse) {
      super(name, keys, sparse);
      this.field = keys.getFirst().getKey();
    }

    private static boolean indexable(Object value) {
      return value instanceof String || value instanceof Boolean;
    }

    @Override
    public synchronized boolean canHandle(Document query) {
      return !field.contains(".") && query.size() == 1 && indexable(query.get(field));
    }

    @Override
    public synchronized Iterable<Integer> getPositions(Document query) {
      TreeSet<Integer> positions = new TreeSet<>(alwaysCandidates); // position order, as the stock scan
      positions.addAll(positionsByValue.getOrDefault(query.get(field), Set.of()));
      return positions;
    }

    @Override
    public synchronized void add(Document document, Integer position, MongoCollection<Integer> collection) {
      positionsById.put(document.get(ID), position);
      Object value = document.get(field);
      if (indexable(value)) {
        positionsByValue.computeIfAbsent(value, v -> new HashSet<>()).add(position);
      } else if (value instanceof List<?> || value instanceof Document) {
        alwaysCandidates.add(position);
      }
    }

    @Override
    public synchronized Integer remove(Document document) {
      Integer position = positionsById.remove(document.get(ID));
      if (position != null) {
        forget(document, position);
      }
      return position;
    }

    @Override
    public synchronized void updateInPlace(Document oldDocument, Document newDocument, Integer position,
        MongoCollection<Integer> collection) {
      forget(oldDocument, position);
      add(newDocument, position, collection);
    }

    private void forget(Document document, Integer position) {
      alwaysCandidates.remove(position);
      Set<Integer> positions = positionsByValue.get(document.get(field));
      if (positions != null) {
        positions.remove(position);
        if (positions.isEmpty()) {
          positionsByValue.remove(document.get(field));
        }
      }
    }

    @Override
    public Integer getPosition(Document document) {
      return null; // not unique: never asked to find the one document
    }

    @Override
    public void checkAdd(Document document, MongoCollection<Integer> collection) {}

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Integer> collection) {}

    @Override
    public synchronized long getCount() {
      return positionsById.size();
    }

    @Override
    public long getDataSize() {
      return getCount();
    }

    @Override
    public synchronized void drop() {
      positionsByValue.clear();
      alwaysCandidates.clear();
      positionsById.clear();
    }
  }
}
