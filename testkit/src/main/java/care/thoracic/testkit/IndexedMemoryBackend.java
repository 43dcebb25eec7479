package care.thoracic.testkit;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;

/**
 * The mongo-java-server memory backend, using its indexes as a real MongoDB does. The stock backend
 * uses an index only when the whole query is one condition on a unique index, and ignores every
 * other index: the idempotent projection update ({@code {_id: k, $or: [checkpoint…]}}) and the outbox
 * poll ({@code {pending: true}}) scanned the whole collection, holding its lock, so they slowed down
 * as the data grew and stalled every writer meanwhile (measured in the triage benchmark: three
 * quarters of the store's CPU, and latency spikes every poll). A job's "what is due by now" and a
 * page of a list sorted in the store scanned and sorted everything as well.
 *
 * <p>Here every secondary index is an ordered one over its fields, as MongoDB's B-trees are: a query
 * with equality conditions on its first fields, and at most one range ({@code $gt}, {@code $gte},
 * {@code $lt}, {@code $lte}) on the next, matches only the documents in that part of the index, and
 * a sort on the fields that follow is answered in index order, so skip and limit stop early. An
 * equality on {@code _id} uses the unique id index, and the driver's {@code countDocuments} counts
 * the matches of its query through the same plan. Answers are those of the stock backend; only the
 * candidates and the work differ (ties of a sort may come in another order, which MongoDB does not
 * define either).
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
      public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver resolver,
          Oplog oplog) {
        if (command.equalsIgnoreCase("aggregate")) {
          Document counted = countFromIndexes(this, query);
          if (counted != null) {
            return counted;
          }
        }
        return super.handleCommand(channel, command, query, resolver, oplog);
      }

      @Override
      protected Index<Integer> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
          boolean sparse) {
        return new OrderedIndex(indexName, keys, sparse);
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
      Map<String, Object> conditions = fieldConditions(query);
      if (conditions.containsKey(ID)) { // one match at most
        Document byId = new Document(ID, conditions.get(ID));
        for (Index<Integer> index : getIndexes()) {
          if (!(index instanceof OrderedIndex) && index.canHandle(byId)) {
            return matchDocuments(query, index.getPositions(byId), orderBy, skip, limit, batchSize, fieldSelector);
          }
        }
      }
      OrderedIndex.Plan best = bestPlan(conditions, orderBy);
      if (best != null) {
        return matchDocuments(query, best.positions(), best.ordered() ? null : orderBy, skip, limit, batchSize,
            fieldSelector);
      }
      return super.queryDocuments(query, orderBy, skip, limit, batchSize, fieldSelector);
    }

    private OrderedIndex.Plan bestPlan(Map<String, Object> conditions, Document orderBy) {
      OrderedIndex.Plan best = null;
      for (Index<Integer> index : getIndexes()) {
        if (index instanceof OrderedIndex ordered) {
          OrderedIndex.Plan plan = ordered.plan(conditions, orderBy);
          if (plan != null && (best == null || plan.score() > best.score())) {
            best = plan;
          }
        }
      }
      return best;
    }

    /**
     * Counted in the chosen index's order, one candidate at a time, so a count with a limit stops
     * there (a query's answer without a sort keeps the stock scan's order, which reads every
     * candidate first; a count needs no order). Where the index answers every condition of the
     * query, its keys are counted without reading their documents, as MongoDB's COUNT_SCAN does;
     * documents it holds no key for (an array, a sub-document) are read and matched.
     */
    @Override
    public int count(Document query, int skip, int limit) {
      Map<String, Object> conditions = fieldConditions(query);
      OrderedIndex.Plan plan = conditions.containsKey(ID) ? null : bestPlan(conditions, null);
      if (plan == null) {
        return super.count(query, skip, limit);
      }
      boolean covered = plan.consumed() == conditions.size() && leafConditions(query) == conditions.size();
      int matches = 0;
      int wanted = limit > 0 ? skip + limit : Integer.MAX_VALUE;
      for (Integer position : plan.unkeyed()) {
        Document document = getDocument(position);
        if (matches < wanted && document != null && documentMatchesQuery(document, query)) {
          matches++;
        }
      }
      if (covered) {
        matches += plan.keysUpTo().applyAsInt(wanted - matches);
      } else {
        for (Iterator<Integer> keyed = plan.keyed(); matches < wanted && keyed.hasNext(); ) {
          Document document = getDocument(keyed.next());
          if (document != null && documentMatchesQuery(document, query)) {
            matches++;
          }
        }
      }
      int counted = Math.max(0, matches - skip);
      return counted;
    }
  }

  /**
   * The driver's {@code countDocuments} ({@code $match}, an optional {@code $skip} and {@code $limit},
   * then {@code $group} of {@code n: {$sum: 1}}) counted as the query it matches, through the indexes,
   * as MongoDB's planner counts from an index; the stock backend runs every aggregation over the
   * whole collection. Null for any other pipeline, which the stock backend answers.
   */
  private static Document countFromIndexes(MemoryDatabase database, Document command) {
    if (!(command.get("pipeline") instanceof List<?> stages) || stages.size() < 2 || stages.size() > 4
        || !(command.get("aggregate") instanceof String name)
        || !(stages.getFirst() instanceof Document first && first.size() == 1 && first.get("$match") instanceof Document match)
        || !(stages.getLast() instanceof Document last && last.size() == 1
            && new Document("_id", 1).append("n", new Document("$sum", 1)).equals(last.get("$group")))) {
      return null;
    }
    int skip = 0;
    int limit = 0;
    for (Object stage : stages.subList(1, stages.size() - 1)) {
      if (stage instanceof Document step && step.size() == 1 && step.get("$skip") instanceof Number n && skip == 0
          && limit == 0) {
        skip = n.intValue();
      } else if (stage instanceof Document step && step.size() == 1 && step.get("$limit") instanceof Number n
          && limit == 0) {
        limit = n.intValue();
      } else {
        return null;
      }
    }
    MongoCollection<Integer> collection = database.resolveCollection(name, false);
    int count = collection == null ? 0 : collection.count(match, skip, limit);
    Document cursor = new Document("id", 0L).append("ns", database.getDatabaseName() + "." + name)
        .append("firstBatch", count == 0 ? List.of() : List.of(new Document("_id", 1).append("n", count)));
    Document response = new Document("cursor", cursor);
    Utils.markOkay(response);
    return response;
  }

  /**
   * How many single-field conditions the query holds, at its top level and in its {@code $and}s,
   * or -1 when it holds anything else ({@code $or}, {@code $nor}, …): then no index answers it whole.
   */
  static int leafConditions(Document clause) {
    int leaves = 0;
    for (Map.Entry<String, Object> entry : clause.entrySet()) {
      if (!entry.getKey().startsWith("$")) {
        leaves++;
      } else if (entry.getKey().equals("$and") && entry.getValue() instanceof List<?> all
          && all.stream().allMatch(Document.class::isInstance)) {
        for (Object inner : all) {
          int innerLeaves = leafConditions((Document) inner);
          if (innerLeaves < 0) {
            return -1;
          }
          leaves += innerLeaves;
        }
      } else {
        return -1;
      }
    }
    return leaves;
  }

  /**
   * The single-field conditions every match of the query must satisfy, by field: its top level and
   * its {@code $and}, however nested (a field named twice keeps its first condition; the whole query
   * is matched against every candidate anyway).
   */
  static Map<String, Object> fieldConditions(Document query) {
    Map<String, Object> conditions = new LinkedHashMap<>();
    addFieldConditions(query, conditions);
    return conditions;
  }

  /** A clause's conditions and those of its {@code $and}, nested as deep as it is (as MongoDB flattens them). */
  private static void addFieldConditions(Document clause, Map<String, Object> conditions) {
    clause.forEach((field, value) -> {
      if (!field.startsWith("$")) {
        conditions.putIfAbsent(field, value);
      } else if (field.equals("$and") && value instanceof List<?> all) {
        all.stream().filter(Document.class::isInstance).forEach(inner -> addFieldConditions((Document) inner, conditions));
      }
    });
  }

  /**
   * An index over its fields in order, as a MongoDB B-tree: keys of strings, numbers, booleans,
   * dates and missing values ordered as BSON orders them (null, numbers, strings, booleans, dates).
   * A document whose value at one of the fields is an array or a sub-document is a candidate of
   * every query, and the index then gives no order, so array-membership matches are never missed.
   */
  static final class OrderedIndex extends Index<Integer> {
    private static final Set<String> RANGES = Set.of("$gt", "$gte", "$lt", "$lte");
    private final List<String> fields;
    private final TreeMap<List<Object>, TreeSet<Integer>> positionsByKey = new TreeMap<>(OrderedIndex::compareKeys);
    private final Set<Integer> alwaysCandidates = new TreeSet<>();
    private final Map<Object, Integer> positionsById = new HashMap<>();

    OrderedIndex(String name, List<IndexKey> keys, boolean sparse) {
      super(name, keys, sparse);
      this.fields = keys.stream().map(IndexKey::getKey).toList();
    }

    /**
     * Which documents to match, whether they come in the order asked for, and the same candidates
     * in whatever order the index gives them: those of its keys in the range, one at a time
     * ({@code keyed}; {@code keysUpTo} counts them, no further than asked), and those it holds no key
     * for ({@code unkeyed}); {@code consumed}: how many of the query's conditions the range answers
     * (its equalities and its range).
     */
    record Plan(Supplier<Iterable<Integer>> candidates, Supplier<Iterator<Integer>> inKeyOrder,
        IntUnaryOperator keysUpTo, List<Integer> unkeyed, boolean ordered, int consumed, int score) {
      /** Found only for the plan chosen: the others' would cost a walk each. */
      Iterable<Integer> positions() {
        return candidates.get();
      }

      Iterator<Integer> keyed() {
        return inKeyOrder.get();
      }
    }

    /** How this index serves a query's conditions and sort, or null when it cannot narrow or order it. */
    synchronized Plan plan(Map<String, Object> conditions, Document orderBy) {
      List<Object> prefix = new ArrayList<>();
      for (String field : fields) {
        Object value = conditions.get(field);
        if (field.contains(".") || !conditions.containsKey(field) || value == null || !orderable(value)) {
          break;
        }
        prefix.add(value);
      }
      int equal = prefix.size();
      List<Object> low = new ArrayList<>(prefix);
      List<Object> high = new ArrayList<>(prefix);
      boolean lowInclusive = true;
      boolean highInclusive = true;
      boolean ranged = false;
      if (equal < fields.size() && !fields.get(equal).contains(".")
          && conditions.get(fields.get(equal)) instanceof Document range && !range.isEmpty()
          && RANGES.containsAll(range.keySet()) && range.values().stream().allMatch(v -> v != null && orderable(v))
          && range.values().stream().map(OrderedIndex::rank).distinct().count() == 1) {
        int rank = rank(range.values().iterator().next());
        Object from = range.containsKey("$gt") ? range.get("$gt") : range.get("$gte");
        Object to = range.containsKey("$lt") ? range.get("$lt") : range.get("$lte");
        low.add(from != null ? from : new Edge(rank, false));
        high.add(to != null ? to : new Edge(rank, true));
        lowInclusive = !range.containsKey("$gt");
        highInclusive = !range.containsKey("$lt");
        ranged = true;
      }
      boolean ordered = alwaysCandidates.isEmpty() && followsIndex(orderBy, equal);
      if (equal == 0 && !ranged && !ordered) {
        return null;
      }
      while (low.size() < fields.size()) {
        low.add(lowInclusive ? Edge.LOWEST : Edge.HIGHEST);
        high.add(highInclusive ? Edge.HIGHEST : Edge.LOWEST);
      }
      int consumed = equal + (ranged ? 1 : 0);
      // a bound is exclusive only where no padding follows it ($gt, $lt on the index's last field)
      Bounds bounds = new Bounds(lowInclusive, highInclusive);
      if (compareKeys(low, high) > 0) {
        return new Plan(List::of, Collections::emptyIterator, atMost -> 0, List.of(), true, consumed,
            Integer.MAX_VALUE);
      }
      boolean backwards = ordered && descending(orderBy);
      Supplier<Iterable<Integer>> positions;
      if (ordered) {
        positions = () -> () -> StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(new Walk(low, high, bounds, backwards), 0), false).iterator();
      } else { // in the stock scan's (insertion) order, which unsorted answers and ties of a sort keep
        positions = () -> {
          TreeSet<Integer> inScanOrder;
          synchronized (this) {
            inScanOrder = new TreeSet<>(alwaysCandidates);
          }
          new Walk(low, high, bounds, false).forEachRemaining(inScanOrder::add);
          return inScanOrder;
        };
      }
      return new Plan(positions, () -> new Walk(low, high, bounds, false), atMost -> countKeys(low, high, bounds, atMost),
          List.copyOf(alwaysCandidates), ordered, consumed, 4 * equal + (ranged ? 2 : 0) + (ordered ? 1 : 0));
    }

    /** The positions of the keys from {@code low} to {@code high}, counted up to {@code atMost}. */
    private synchronized int countKeys(List<Object> low, List<Object> high, Bounds bounds, int atMost) {
      int counted = 0;
      for (TreeSet<Integer> positions : positionsByKey.subMap(low, bounds.lowInclusive(), high,
          bounds.highInclusive()).values()) {
        counted += positions.size();
        if (counted >= atMost) {
          return atMost;
        }
      }
      return counted;
    }

    /**
     * The positions of the keys from {@code low} to {@code high}, one at a time under the index's
     * lock, so that writers may go on between two (as MongoDB's yielding scans), and a reader that
     * stops early (a limit) never visits the rest, however many documents share a key.
     */
    private final class Walk implements Iterator<Integer> {
      private final List<Object> low;
      private final List<Object> high;
      private final boolean backwards;
      private List<Object> key;
      private Integer position; // the last one given, of the key's positions (in position order)
      private Integer next;
      private boolean done;

      private final Bounds bounds;

      Walk(List<Object> low, List<Object> high, Bounds bounds, boolean backwards) {
        this.low = low;
        this.high = high;
        this.bounds = bounds;
        this.backwards = backwards;
      }

      @Override
      public boolean hasNext() {
        while (next == null && !done) {
          synchronized (OrderedIndex.this) {
            TreeSet<Integer> positions = key == null ? null : positionsByKey.get(key);
            next = positions == null ? null : position == null ? positions.first() : positions.higher(position);
            if (next == null) { // this key's positions are all given: the next key's
              Map.Entry<List<Object>, TreeSet<Integer>> following = backwards
                  ? (key != null ? positionsByKey.lowerEntry(key)
                      : bounds.highInclusive() ? positionsByKey.floorEntry(high) : positionsByKey.lowerEntry(high))
                  : (key != null ? positionsByKey.higherEntry(key)
                      : bounds.lowInclusive() ? positionsByKey.ceilingEntry(low) : positionsByKey.higherEntry(low));
              int beyond = following == null ? 0 : backwards ? compareKeys(low, following.getKey())
                  : compareKeys(following.getKey(), high);
              if (following == null || beyond > 0 || (beyond == 0
                  && !(backwards ? bounds.lowInclusive() : bounds.highInclusive()))) {
                done = true;
              } else {
                key = following.getKey();
                position = null;
              }
            }
          }
        }
        return next != null;
      }

      @Override
      public Integer next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        position = next;
        next = null;
        return position;
      }
    }

    /** A sort on the fields after the equal ones, in the index's order, all one way. */
    private boolean followsIndex(Document orderBy, int equal) {
      if (orderBy == null || orderBy.isEmpty() || orderBy.size() > fields.size() - equal) {
        return false;
      }
      int i = equal;
      Object direction = null;
      for (Map.Entry<String, Object> sort : orderBy.entrySet()) {
        if (!sort.getKey().equals(fields.get(i++)) || !(sort.getValue() instanceof Number way)
            || (direction != null && !direction.equals(way.intValue()))) {
          return false;
        }
        direction = way.intValue();
      }
      return true;
    }

    private static boolean descending(Document orderBy) {
      return ((Number) orderBy.values().iterator().next()).intValue() < 0;
    }

    private static boolean orderable(Object value) {
      return value instanceof String || value instanceof Boolean || value instanceof Number || value instanceof Instant
          || value instanceof Date;
    }

    /** BSON's order of types, for those the index orders. */
    private static int rank(Object value) {
      return switch (value) {
        case null -> 1;
        case Number number -> 2;
        case String text -> 3;
        case Boolean bool -> 8;
        case Instant instant -> 9; // a BSON date as the wire server reads it
        case Date date -> 9;
        case Edge edge -> edge.rank();
        default -> throw new IllegalArgumentException("not orderable: " + value.getClass());
      };
    }

    /** Whether a walk includes the keys equal to its low and high ends. */
    private record Bounds(boolean lowInclusive, boolean highInclusive) {}

    /** Below or above every value of a type (a rank), or of all types. */
    private record Edge(int rank, boolean high) {
      static final Edge LOWEST = new Edge(0, false);
      static final Edge HIGHEST = new Edge(99, true);
    }

    private static int compareKeys(List<Object> a, List<Object> b) {
      for (int i = 0; i < a.size(); i++) {
        int compared = compareValues(a.get(i), b.get(i));
        if (compared != 0) {
          return compared;
        }
      }
      return 0;
    }

    private static int compareValues(Object a, Object b) {
      int ranks = Integer.compare(rank(a), rank(b));
      if (ranks != 0) {
        return ranks;
      }
      if (a instanceof Edge edge) {
        return b instanceof Edge other ? Boolean.compare(edge.high(), other.high()) : edge.high() ? 1 : -1;
      }
      if (b instanceof Edge edge) {
        return edge.high() ? -1 : 1;
      }
      return switch (a) {
        case null -> 0;
        case Number number -> number instanceof Double || number instanceof Float || b instanceof Double
            || b instanceof Float ? Double.compare(number.doubleValue(), ((Number) b).doubleValue())
            : Long.compare(number.longValue(), ((Number) b).longValue());
        case String text -> text.compareTo((String) b);
        case Boolean bool -> bool.compareTo((Boolean) b);
        case Instant instant -> instant.compareTo(instantOf(b));
        case Date date -> date.toInstant().compareTo(instantOf(b));
        default -> 0;
      };
    }

    private static Instant instantOf(Object date) {
      return date instanceof Date old ? old.toInstant() : (Instant) date;
    }

    /** The document's key, or null when a value at one of the fields is an array or a sub-document. */
    private List<Object> key(Document document) {
      List<Object> key = new ArrayList<>(fields.size());
      for (String field : fields) {
        Object value = field.contains(".") ? Utils.getSubdocumentValue(document, field) : document.get(field);
        if (value instanceof Missing) {
          value = null;
        }
        if (value != null && !orderable(value)) {
          return null;
        }
        key.add(value);
      }
      return key;
    }

    @Override
    public boolean canHandle(Document query) {
      return false; // planned by the collection, which knows the sort too
    }

    @Override
    public Iterable<Integer> getPositions(Document query) {
      throw new UnsupportedOperationException("planned by the collection");
    }

    @Override
    public synchronized void add(Document document, Integer position, MongoCollection<Integer> collection) {
      positionsById.put(document.get(ID), position);
      List<Object> key = key(document);
      if (key == null) {
        alwaysCandidates.add(position);
      } else {
        positionsByKey.computeIfAbsent(key, k -> new TreeSet<>()).add(position);
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
      if (!alwaysCandidates.remove(position)) {
        List<Object> key = key(document);
        TreeSet<Integer> positions = key == null ? null : positionsByKey.get(key);
        if (positions != null) {
          positions.remove(position);
          if (positions.isEmpty()) {
            positionsByKey.remove(key);
          }
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
      positionsByKey.clear();
      alwaysCandidates.clear();
      positionsById.clear();
    }
  }
}
