package care.thoracic.eventsourcing.store;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import java.time.Clock;
import java.util.Date;
import java.util.function.LongSupplier;
import org.bson.Document;

/**
 * One-off changes of what a service has stored (a new field every old document needs), each done
 * once per store: a marker document in the service's collection of them names each change done,
 * when, and how much it changed. Each change must be safe to run twice and on several instances at
 * once, since two may start before either has left its marker.
 */
public final class OneOffChanges {
  private final MongoCollection<Document> markers;
  private final Clock realClock;

  public OneOffChanges(MongoDatabase database, String collection, Clock realClock) {
    this.markers = database.getCollection(collection);
    this.realClock = realClock;
  }

  /** Runs {@code change} unless it was done on this store; @return what it changed, 0 when done before */
  public long runOnce(String name, LongSupplier change) {
    if (markers.find(eq("_id", name)).first() != null) {
      return 0;
    }
    long changed = change.getAsLong();
    markers.replaceOne(eq("_id", name), new Document("_id", name).append("doneAt", Date.from(realClock.instant()))
        .append("changed", changed), new ReplaceOptions().upsert(true));
    return changed;
  }
}
