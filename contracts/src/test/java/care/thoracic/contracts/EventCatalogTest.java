package care.thoracic.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.EventType;
import care.thoracic.contracts.events.Topic;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EventCatalogTest {

  @Test
  void every_event_record_is_in_the_catalogue_exactly_once() {
    Set<Class<?>> records = new HashSet<>();
    Deque<Class<?>> toVisit = new ArrayDeque<>(Set.of(CareEvent.class));
    while (!toVisit.isEmpty()) {
      Class<?> type = toVisit.pop();
      if (type.isRecord()) {
        records.add(type);
      } else {
        toVisit.addAll(Arrays.asList(type.getPermittedSubclasses()));
      }
    }
    Set<Class<?>> catalogued = Arrays.stream(EventType.values()).map(EventType::javaType).collect(Collectors.toSet());
    assertThat(catalogued).containsExactlyInAnyOrderElementsOf(records).hasSize(EventType.values().length);
  }

  @Test
  void ce_types_are_unique_versioned_and_named_after_their_topic() {
    for (EventType type : EventType.values()) {
      String topicStem = type.topic().topicName().replaceFirst("\\.v1$", "");
      assertThat(type.ceType()).startsWith(topicStem + ".").endsWith(".v1");
      assertThat(EventType.byCeType(type.ceType())).contains(type);
    }
    assertThat(EventType.byCeType("care.triage.completed.v9")).isEmpty();
  }

  @Test
  void every_topic_carries_events_and_has_a_dead_letter_topic() {
    for (Topic topic : Topic.values()) {
      assertThat(Arrays.stream(EventType.values()).filter(t -> t.topic() == topic)).isNotEmpty();
      assertThat(topic.deadLetterTopicName()).isEqualTo(topic.topicName() + ".dlq");
      assertThat(Topic.byName(topic.topicName())).contains(topic);
    }
  }

  @Test
  void red_flags_come_from_triage_and_progress_accesses_from_every_service_and_every_other_event_from_one() {
    for (EventType type : EventType.values()) {
      assertThat(type.producers()).hasSize(switch (type) {
        case RED_FLAG_RAISED -> 2;
        case PATIENT_DATA_ACCESSED -> 4;
        default -> 1;
      });
    }
    assertThat(EventType.PATIENT_DATA_ACCESSED.producers())
        .containsExactlyInAnyOrder("triage-service", "plan-service", "progress-service", "reminder-service");
  }
}
