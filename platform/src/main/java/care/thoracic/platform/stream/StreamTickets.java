package care.thoracic.platform.stream;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;

import care.thoracic.contracts.Tenant;
import care.thoracic.platform.config.HttpEdgeConfig;
import care.thoracic.platform.tenancy.Caller;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * Tickets that open one live stream without an {@code Authorization} header, which a browser's
 * EventSource cannot send. A caller with a token asks for one; it opens the stream it was issued for
 * ({@code plan:{planId}}, {@code feed:{patientId}}), once, within {@code care.http.stream-ticket-lifetime},
 * as that caller, in their clinic, until their token would have expired.
 *
 * <p>Kept in the service's own database ({@value #COLLECTION}), so any instance redeems what another
 * issued, and only as a SHA-256 hash: a ticket travels in a URL, so it lands in access logs, and the
 * store holds nothing a reader could redeem. Redeeming deletes the ticket in the same step as it finds
 * it, so of two concurrent redemptions only one gets it; a TTL index removes the ones never redeemed.
 * Timed by wall clock, as tokens are, never by the adjustable service clock.
 */
@Startup // a lifetime over the bound refuses the service's start, not its first stream
@Singleton
public class StreamTickets {
  public static final String COLLECTION = "stream_tickets";
  static final Duration LONGEST_LIFETIME = Duration.ofSeconds(60);
  private static final int TICKET_BYTES = 32;
  /** Tickets one caller may hold unused at once (a few devices, each reconnecting). */
  static final int UNUSED_PER_CALLER = 10;

  /** A ticket for the caller to put in the stream's URL, and when it stops opening anything. */
  public record Issued(String ticket, Instant expiresAt) {}

  /** Whom a redeemed ticket opens the stream for, and when their token expires: when the stream ends. */
  public record Redeemed(Caller caller, Instant tokenExpiry) {}

  private final SecureRandom random = new SecureRandom();
  private final MongoCollection<Document> tickets;
  private final Duration lifetime;
  private final Clock clock;

  @Inject
  StreamTickets(MongoDatabase database, HttpEdgeConfig edge) {
    this(database, edge.streamTicketLifetime(), Clock.systemUTC());
  }

  StreamTickets(MongoDatabase database, Duration lifetime, Clock clock) {
    if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(LONGEST_LIFETIME) > 0) {
      throw new IllegalStateException("care.http.stream-ticket-lifetime must be more than 0 and at most "
          + LONGEST_LIFETIME.toSeconds() + "s, not " + lifetime);
    }
    this.tickets = database.getCollection(COLLECTION);
    this.lifetime = lifetime;
    this.clock = clock;
    tickets.createIndex(Indexes.ascending("expiresAt"),
        new IndexOptions().name("expired").expireAfter(0L, TimeUnit.SECONDS));
    tickets.createIndex(Indexes.ascending("tenant", "subject"), new IndexOptions().name("by_caller"));
  }

  /**
   * A ticket that opens {@code stream} once for {@code caller}; it expires after the configured
   * lifetime, or with the caller's token if that is sooner.
   */
  public Issued issue(Caller caller, Instant tokenExpiry, String stream) {
    Instant now = clock.instant();
    // every ticket is a write: a client asking in a loop is refused, not a write load
    if (tickets.countDocuments(and(eq("tenant", caller.tenant().id()), eq("subject", caller.subject()),
        gt("expiresAt", Date.from(now)))) >= UNUSED_PER_CALLER) {
      throw new TooManyStreamsException(UNUSED_PER_CALLER, "at most " + UNUSED_PER_CALLER
          + " stream tickets may wait unused at once; open a stream with one, or wait until they expire");
    }
    byte[] secret = new byte[TICKET_BYTES];
    random.nextBytes(secret);
    String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    Instant lifetimeEnd = now.plus(lifetime);
    Instant expiresAt = (tokenExpiry.isBefore(lifetimeEnd) ? tokenExpiry : lifetimeEnd).truncatedTo(ChronoUnit.MILLIS);
    tickets.insertOne(new Document("_id", hash(ticket)).append("stream", stream)
        .append("tenant", caller.tenant().id()).append("subject", caller.subject())
        .append("roles", List.copyOf(caller.roles())).append("tokenExpiresAt", Date.from(tokenExpiry))
        .append("expiresAt", Date.from(expiresAt)));
    return new Issued(ticket, expiresAt);
  }

  /**
   * Redeems {@code ticket} for {@code stream}; used or not, it opens nothing afterwards. The caller
   * returned is the one it was issued to: their clinic scopes the stream, so a ticket never opens
   * another clinic's.
   *
   * @throws InvalidStreamTicketException when it is unknown, used, expired or for another stream
   */
  public Redeemed redeem(String ticket, String stream) {
    Document found = ticket == null ? null : tickets.findOneAndDelete(eq("_id", hash(ticket)));
    if (found == null || !clock.instant().isBefore(found.getDate("expiresAt").toInstant())
        || !stream.equals(found.getString("stream"))) {
      throw new InvalidStreamTicketException();
    }
    Caller caller = new Caller(Tenant.of(found.getString("tenant")), found.getString("subject"),
        Set.copyOf(found.getList("roles", String.class)));
    return new Redeemed(caller, found.getDate("tokenExpiresAt").toInstant());
  }

  /** What is stored in a ticket's place: a hash, which opens nothing. */
  static String hash(String ticket) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(ticket.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
