package care.thoracic.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import care.thoracic.contracts.events.Topic;
import care.thoracic.contracts.kafka.BrokerAccess;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;

@RequiresTestInfra
class TestInfrastructureTest {

  @Test
  void every_platform_topic_and_its_dead_letter_topic_exist_with_their_partitions() throws Exception {
    try (Admin admin = Admin.create(TestKafka.clientConfig(BrokerAccess.OPERATOR))) {
      for (Topic topic : Topic.values()) {
        Map<String, TopicDescription> described =
            admin.describeTopics(List.of(topic.topicName(), topic.deadLetterTopicName())).allTopicNames().get();
        assertThat(described.get(topic.topicName()).partitions()).hasSize(Topic.DEFAULT_PARTITIONS);
        assertThat(described.get(topic.deadLetterTopicName()).partitions()).hasSize(1);
      }
    }
  }

  @Test
  void the_first_batch_to_a_fresh_topic_is_not_lost() {
    String topic = "testkit-fresh-" + UUID.randomUUID();
    TestKafka.ensureTopics(Map.of(topic, 3));
    Map<String, Object> producerConfig = TestKafka.clientConfig(BrokerAccess.ADMIN); // a topic of the test's own
    producerConfig.put("enable.idempotence", "true");
    producerConfig.put("acks", "all");
    try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < 100; i++) {
        producer.send(new ProducerRecord<>(topic, "k" + (i % 7), "v" + i));
      }
      producer.flush();
    }
    Map<String, Object> consumerConfig = TestKafka.clientConfig(BrokerAccess.ADMIN);
    try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = List.of(0, 1, 2).stream().map(p -> new TopicPartition(topic, p)).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<ConsumerRecord<String, String>> read = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (read.size() < 100 && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(read::add);
      }
      assertThat(read).extracting(ConsumerRecord::value).hasSize(100).contains("v0", "v99");
    }
  }

  @Test
  void the_store_enforces_unique_keys_through_the_real_driver() {
    MongoCollection<Document> docs = TestMongo.client().getDatabase("testkit-" + UUID.randomUUID()).getCollection("docs");
    docs.createIndex(Indexes.ascending("tenant", "key"), new IndexOptions().unique(true));
    docs.insertOne(new Document("tenant", "a").append("key", 1));
    docs.insertOne(new Document("tenant", "b").append("key", 1));
    assertThatThrownBy(() -> docs.insertOne(new Document("tenant", "a").append("key", 1)))
        .isInstanceOfSatisfying(MongoWriteException.class,
            e -> assertThat(ErrorCategory.fromErrorCode(e.getCode())).isEqualTo(ErrorCategory.DUPLICATE_KEY));
  }
}
