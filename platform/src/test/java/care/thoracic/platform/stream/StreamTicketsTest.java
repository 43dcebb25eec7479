package care.thoracic.platform.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import care.thoracic.contracts.Roles;
import care.thoracic.contracts.Tenant;
import care.thoracic.eventsourcing.time.AdjustableClock;
import care.thoracic.platform.tenancy.Caller;
import care.thoracic.testkit.RequiresTestInfra;
import care.thoracic.testkit.TestMongo;
import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** Stream tickets on the real Mongo wire protocol, with a clock the test moves instead of waiting. */
@RequiresTestInfra
class StreamTicketsTest {
  private static final Caller PATIENT = new Caller(Tenant.of("clinic-tickets"), "pat-1", Set.of(Roles.PATIENT));
  private final MongoDatabase database = TestMongo.client().getDatabase("tickets-" + UUID.randomUUID());
  private final AdjustableClock clock = new AdjustableClock(Clock.systemUTC());
  private final StreamTickets tickets = new StreamTickets(database, Duration.ofSeconds(30), clock);
  private final Instant tokenExpiry = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);

  @Test
  void a_ticket_opens_its_stream_once_as_its_caller_until_their_token_expires() {
    StreamTickets.Issued issued = tickets.issue(PATIENT, tokenExpiry, "plan:p1");
    assertThat(issued.expiresAt()).isBetween(Instant.now().plusSeconds(29), Instant.now().plusSeconds(30));

    StreamTickets.Redeemed redeemed = tickets.redeem(issued.ticket(), "plan:p1");
    assertThat(redeemed.caller()).isEqualTo(PATIENT);
    assertThat(redeemed.tokenExpiry()).isEqualTo(tokenExpiry);
    assertThatThrownBy(() -> tickets.redeem(issued.ticket(), "plan:p1"))
        .isInstanceOf(InvalidStreamTicketException.class);
  }

  @Test
  void of_eight_concurrent_redemptions_of_one_ticket_exactly_one_succeeds() throws Exception {
    String ticket = tickets.issue(PATIENT, tokenExpiry, "plan:p1").ticket();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> attempts = new ArrayList<>();
    try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < 8; i++) {
        attempts.add(threads.submit(() -> {
          start.await();
          try {
            tickets.redeem(ticket, "plan:p1");
            return true;
          } catch (InvalidStreamTicketException refused) {
            return false;
          }
        }));
      }
      start.countDown();
      int succeeded = 0;
      for (Future<Boolean> attempt : attempts) {
        succeeded += attempt.get() ? 1 : 0;
      }
      assertThat(succeeded).isEqualTo(1);
    }
  }

  @Test
  void a_caller_holds_at_most_ten_unused_tickets_and_gets_more_as_they_are_used_or_expire() {
    List<StreamTickets.Issued> unused = new ArrayList<>();
    for (int i = 0; i < StreamTickets.UNUSED_PER_CALLER; i++) {
      unused.add(tickets.issue(PATIENT, tokenExpiry, "feed:pat-1"));
    }
    assertThatThrownBy(() -> tickets.issue(PATIENT, tokenExpiry, "feed:pat-1"))
        .isInstanceOf(TooManyStreamsException.class);
    Caller colleague = new Caller(PATIENT.tenant(), "pat-2", PATIENT.roles());
    assertThat(tickets.issue(colleague, tokenExpiry, "feed:pat-2").ticket()).as("another caller's own ten").isNotBlank();

    tickets.redeem(unused.getFirst().ticket(), "feed:pat-1");
    assertThat(tickets.issue(PATIENT, tokenExpiry, "feed:pat-1").ticket()).isNotBlank();
    clock.setOffset(Duration.ofSeconds(31));
    assertThat(tickets.issue(PATIENT, tokenExpiry, "feed:pat-1").ticket()).isNotBlank();
  }

  @Test
  void an_expired_ticket_opens_nothing() {
    String ticket = tickets.issue(PATIENT, tokenExpiry, "plan:p1").ticket();
    clock.setOffset(Duration.ofSeconds(30));
    assertThatThrownBy(() -> tickets.redeem(ticket, "plan:p1")).isInstanceOf(InvalidStreamTicketException.class);
  }

  @Test
  void a_ticket_expires_with_its_token_when_that_is_sooner() {
    Instant soon = clock.instant().plusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
    StreamTickets.Issued issued = tickets.issue(PATIENT, soon, "plan:p1");
    assertThat(issued.expiresAt()).isEqualTo(soon);
    clock.setOffset(Duration.ofSeconds(6));
    assertThatThrownBy(() -> tickets.redeem(issued.ticket(), "plan:p1"))
        .isInstanceOf(InvalidStreamTicketException.class);
  }

  @Test
  void a_ticket_for_another_stream_or_an_unknown_one_opens_nothing() {
    String ticket = tickets.issue(PATIENT, tokenExpiry, "plan:p1").ticket();
    assertThatThrownBy(() -> tickets.redeem(ticket, "plan:p2")).isInstanceOf(InvalidStreamTicketException.class);
    assertThatThrownBy(() -> tickets.redeem(ticket, "plan:p1")).as("spent by the wrong try")
        .isInstanceOf(InvalidStreamTicketException.class);
    assertThatThrownBy(() -> tickets.redeem("made-up", "plan:p1")).isInstanceOf(InvalidStreamTicketException.class);
    assertThatThrownBy(() -> tickets.redeem(null, "plan:p1")).isInstanceOf(InvalidStreamTicketException.class);
  }

  @Test
  void the_store_holds_only_the_tickets_hash() {
    String ticket = tickets.issue(PATIENT, tokenExpiry, "feed:pat-1").ticket();
    assertThat(ticket).matches("[A-Za-z0-9_-]{43}"); // 32 random bytes, base64url

    List<Document> stored = database.getCollection(StreamTickets.COLLECTION).find().into(new ArrayList<>());
    assertThat(stored).hasSize(1);
    assertThat(stored.getFirst().getString("_id")).isEqualTo(StreamTickets.hash(ticket)).hasSize(64);
    assertThat(stored.getFirst().toJson()).doesNotContain(ticket);
  }

  @Test
  void a_lifetime_over_sixty_seconds_is_refused() {
    assertThatThrownBy(() -> new StreamTickets(database, Duration.ofSeconds(61), clock))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("care.http.stream-ticket-lifetime");
    assertThatThrownBy(() -> new StreamTickets(database, Duration.ZERO, clock))
        .isInstanceOf(IllegalStateException.class);
  }
}
