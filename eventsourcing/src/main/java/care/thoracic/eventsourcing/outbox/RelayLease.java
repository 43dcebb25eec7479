package care.thoracic.eventsourcing.outbox;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;

/**
 * Who may relay the outbox: one document per service database, held by one owner until it
 * expires. Timed by wall clock, never by the adjustable service clock.
 */
public final class RelayLease {
  public static final String COLLECTION = "outbox_lease";
  private static final String LEASE_ID = "outbox-relay";

  private final MongoCollection<Document> leases;
  private final String owner;
  private final Duration ttl;
  private final Clock clock;

  public RelayLease(MongoDatabase database, String owner, Duration ttl, Clock clock) {
    this.leases = database.getCollection(COLLECTION);
    this.owner = owner;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** Takes or renews the lease; false while another owner's lease is still valid. */
  public boolean tryHold() {
    Instant now = clock.instant();
    Date expiresAt = Date.from(now.plus(ttl));
    long matched = leases.updateOne(
        and(eq("_id", LEASE_ID), or(eq("owner", owner), lt("expiresAt", Date.from(now)))),
        combine(set("owner", owner), set("expiresAt", expiresAt))).getMatchedCount();
    if (matched == 1) {
      return true;
    }
    try {
      leases.insertOne(new Document("_id", LEASE_ID).append("owner", owner).append("expiresAt", expiresAt));
      return true;
    } catch (MongoWriteException e) {
      if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }

  /** Lets another instance take over at once (graceful shutdown). */
  public void release() {
    leases.updateOne(and(eq("_id", LEASE_ID), eq("owner", owner)), set("expiresAt", new Date(0)));
  }

  public String owner() {
    return owner;
  }

  public Duration ttl() {
    return ttl;
  }
}
