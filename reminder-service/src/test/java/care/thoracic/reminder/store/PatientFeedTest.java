package care.thoracic.reminder.store;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.reminder.domain.FeedEntry;
import care.thoracic.reminder.domain.FeedEntryKind;
import care.thoracic.reminder.domain.FeedNotice;
import care.thoracic.testkit.RequiresTestInfra;
import care.thoracic.testkit.TestMongo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The feed's numbering on the Mongo wire server through the real driver. */
@RequiresTestInfra
class PatientFeedTest {
  private final PatientFeed feed = new PatientFeed(TestMongo.client().getDatabase("feed-" + UUID.randomUUID()),
      PatientPayloads.inTheClear());
  private final Tenant clinic = Tenant.of("clinic-a");
  private final PatientId patient = PatientId.of("pat-1");

  private static FeedNotice notice(String sourceKey) {
    return new FeedNotice(sourceKey, FeedEntryKind.REMINDER, Instant.now(), "Time for ice", "Time for ice.", null,
        Map.of(), null);
  }

  @Test
  void writers_racing_for_one_patient_number_every_thing_once_with_no_gap() throws Exception {
    // 8 writers (the topics' consumers, redeliveries) append 40 things, each thing three times
    List<Callable<PatientFeed.Appended>> appends = new ArrayList<>();
    for (int thing = 0; thing < 40; thing++) {
      for (int copy = 0; copy < 3; copy++) {
        String key = "event-" + thing;
        appends.add(() -> feed.append(clinic, patient, notice(key)));
      }
    }
    List<Future<PatientFeed.Appended>> results;
    try (ExecutorService writers = Executors.newFixedThreadPool(8)) {
      results = writers.invokeAll(appends);
    }

    List<FeedEntry> entries = feed.after(clinic, patient, 0, 500);
    assertThat(entries).extracting(FeedEntry::sequence).containsExactlyElementsOf(
        LongStream.rangeClosed(1, 40).boxed().toList());
    assertThat(entries).extracting(entry -> entry.notice().sourceKey()).doesNotHaveDuplicates().hasSize(40);
    long written = 0;
    for (Future<PatientFeed.Appended> result : results) {
      written += result.get().written() ? 1 : 0;
    }
    assertThat(written).isEqualTo(40);
    assertThat(feed.head(clinic, patient)).isEqualTo(40);
  }

  @Test
  void an_append_again_answers_the_entry_the_feed_has_and_pages_read_on_from_a_number() {
    for (int i = 1; i <= 5; i++) {
      feed.append(clinic, patient, notice("event-" + i));
    }

    PatientFeed.Appended again = feed.append(clinic, patient, notice("event-3"));

    assertThat(again.written()).isFalse();
    assertThat(again.entry().sequence()).isEqualTo(3);
    assertThat(feed.after(clinic, patient, 2, 2)).extracting(FeedEntry::sequence).containsExactly(3L, 4L);
    assertThat(feed.after(clinic, patient, 5, 100)).isEmpty();
  }

  @Test
  void two_clinics_with_the_same_patient_id_have_two_feeds() {
    feed.append(clinic, patient, notice("event-1"));
    feed.append(Tenant.of("clinic-b"), patient, notice("event-1"));
    feed.append(Tenant.of("clinic-b"), patient, notice("event-2"));

    assertThat(feed.after(clinic, patient, 0, 10)).hasSize(1);
    assertThat(feed.after(Tenant.of("clinic-b"), patient, 0, 10)).extracting(FeedEntry::sequence)
        .containsExactly(1L, 2L);
  }
}
