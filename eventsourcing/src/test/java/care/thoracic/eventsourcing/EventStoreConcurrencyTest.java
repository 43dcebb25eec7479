package care.thoracic.eventsourcing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.eventsourcing.store.ConcurrencyConflictException;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.eventsourcing.store.LoadedStream;
import care.thoracic.eventsourcing.store.StreamHead;
import care.thoracic.testkit.RequiresTestInfra;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

@RequiresTestInfra
class EventStoreConcurrencyTest {
  private final EventStore store = Kit.store(Kit.freshDatabase());
  private final Tenant tenant = Kit.freshTenant();
  private final UUID plan = UUID.randomUUID();

  @Test
  void eight_writers_racing_on_one_stream_get_exactly_one_winner_per_version_and_no_gaps() throws Exception {
    int writers = 8;
    int appendsPerWriter = 25;
    Map<Long, String> winnerByHeadVersion = new ConcurrentHashMap<>();
    List<String> duplicateWinners = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger conflicts = new AtomicInteger();
    AtomicInteger eventsAppended = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<?>> done = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      String writer = "writer-" + w;
      done.add(pool.submit(() -> {
        start.await();
        int succeeded = 0;
        while (succeeded < appendsPerWriter) {
          StreamHead head = store.load(tenant, "race").head();
          // Every third command appends two events, to race multi-event commits too.
          int events = succeeded % 3 == 0 ? 2 : 1;
          List<SessionLogged> batch = new ArrayList<>();
          for (int i = 0; i < events; i++) {
            batch.add(Kit.session(plan, "pat-race", succeeded, 4));
          }
          try {
            store.append(head, batch, Kit.BY_TEST);
            if (winnerByHeadVersion.putIfAbsent(head.version(), writer) != null) {
              duplicateWinners.add(writer + "@" + head.version());
            }
            eventsAppended.addAndGet(events);
            succeeded++;
          } catch (ConcurrencyConflictException e) {
            conflicts.incrementAndGet();
          }
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();

    LoadedStream stream = store.load(tenant, "race");
    List<Long> versions = stream.events().stream().map(e -> e.metadata().streamVersion()).toList();
    assertThat(duplicateWinners).as("two writers won after the same version").isEmpty();
    assertThat(winnerByHeadVersion).hasSize(writers * appendsPerWriter);
    assertThat(versions).containsExactlyElementsOf(LongStream.rangeClosed(1, eventsAppended.get()).boxed().toList());
    assertThat(stream.head().version()).isEqualTo(eventsAppended.get());
    assertThat(conflicts.get()).as("the writers really raced").isPositive();
  }

  @Test
  void an_append_from_a_stale_head_is_refused_and_changes_nothing() {
    StreamHead fresh = StreamHead.newStream(tenant, "stale");
    store.append(fresh, List.of(Kit.session(plan, "pat-1", 0, 5), Kit.session(plan, "pat-1", 1, 5)), Kit.BY_TEST);

    assertThatThrownBy(() -> store.append(fresh, List.of(Kit.session(plan, "pat-1", 2, 3)), Kit.BY_TEST))
        .isInstanceOf(ConcurrencyConflictException.class);
    List<EventEnvelope<CareEvent>> events = store.load(tenant, "stale").events();
    assertThat(events).hasSize(2);
    assertThat(events).extracting(e -> ((SessionLogged) e.event()).painAfter()).containsExactly(5, 5);
  }

  @Test
  void a_long_stream_of_mixed_commits_loads_completely_and_in_order() {
    StreamHead head = StreamHead.newStream(tenant, "long");
    int total = 0;
    for (int commit = 0; commit < 300; commit++) {
      int size = 1 + commit % 4;
      List<SessionLogged> events = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        events.add(Kit.session(plan, "pat-long", total + i, (total + i) % 11));
      }
      head = store.append(head, events, Kit.BY_TEST).head();
      total += size;
    }
    LoadedStream stream = store.load(tenant, "long");
    assertThat(stream.events()).hasSize(total);
    assertThat(stream.events()).extracting(e -> e.metadata().streamVersion())
        .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
    assertThat(stream.events()).extracting(e -> ((SessionLogged) e.event()).painAfter())
        .containsExactlyElementsOf(LongStream.range(0, total).mapToObj(i -> (int) (i % 11)).toList());
  }

  @Test
  void a_follower_reads_only_what_was_appended_after_the_head_it_kept() {
    StreamHead head = StreamHead.newStream(tenant, "followed");
    head = store.append(head, List.of(Kit.session(plan, "pat-f", 0, 5)), Kit.BY_TEST).head();
    LoadedStream seen = store.load(tenant, "followed");
    store.append(head, List.of(Kit.session(plan, "pat-f", 1, 4), Kit.session(plan, "pat-f", 2, 3)), Kit.BY_TEST);

    LoadedStream news = store.loadAfter(seen.head());
    assertThat(news.events()).extracting(e -> e.metadata().streamVersion()).containsExactly(2L, 3L);
    assertThat(news.head().version()).isEqualTo(3);
    assertThat(store.loadAfter(news.head()).events()).as("nothing new after the new head").isEmpty();
    assertThat(store.loadAfter(news.head()).head().version()).isEqualTo(3);
  }
}
