package care.thoracic.devstack;

import care.thoracic.contracts.kafka.BrokerAccess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A topic's dead letters ({@code <topic>.dlq}, where a consumer puts what it could not decode or
 * apply, with the reason in {@code dead-letter-*} headers): listed, or replayed onto the topic
 * once the cause is fixed. A replay sends each letter as it first arrived (key, value, headers
 * without the dead-letter ones), only when it is exactly the record it names, and remembers how
 * far it got (consumer group
 * {@value #REPLAY_GROUP}), so replaying again sends only letters that arrived since. Consumers
 * apply an event once, so a replayed event that some service had processed changes nothing there;
 * a letter still poison goes back to the dead-letter topic. Usage:
 * {@code DeadLetters <bootstrap> list|replay <topic>}, as the broker's operator.
 */
public final class DeadLetters {
  public static final String REPLAY_GROUP = "care.dead-letter-replay";
  private static final String DEAD_LETTER_HEADERS = "dead-letter-";

  /** One letter: where it sits, its key, and why it is there. */
  public record Letter(int partition, long offset, String key, String reason) {}

  private DeadLetters() {}

  /** Every letter of {@code topic}'s dead-letter topic, oldest first per partition. */
  public static List<Letter> list(Map<String, Object> operator, String topic) {
    List<Letter> letters = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = consumer(operator, null)) {
      readToEnd(consumer, topic + ".dlq", false, record -> letters.add(new Letter(record.partition(), record.offset(),
          record.key(), header(record, "dead-letter-reason"))));
    }
    return letters;
  }

  /** What a replay did: letters sent back, and letters refused with the reason. */
  public record Replay(int sent, List<String> refused) {}

  /**
   * Sends the letters not replayed before back onto {@code topic}: each only if it is exactly the
   * record its headers say it was ({@code dead-letter-topic}, {@code -partition}, {@code -offset}):
   * same key, value and headers. Any principal that may write a dead-letter topic (every consumer of
   * the topic) could otherwise have a forged record published by the operator.
   */
  public static Replay replay(Map<String, Object> operator, String topic) {
    Map<String, Object> producerConfig = new HashMap<>(operator);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    int[] sent = {0};
    List<String> refused = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = consumer(operator, REPLAY_GROUP);
        KafkaConsumer<String, byte[]> originals = consumer(operator, null);
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
            new ByteArraySerializer())) {
      Map<TopicPartition, OffsetAndMetadata> replayed = readToEnd(consumer, topic + ".dlq", true, record -> {
        ProducerRecord<String, byte[]> again = new ProducerRecord<>(topic, record.key(), record.value());
        for (Header header : record.headers()) {
          if (!header.key().startsWith(DEAD_LETTER_HEADERS)) {
            again.headers().add(header);
          }
        }
        Optional<String> mismatch = mismatchWithOriginal(originals, topic, record, again);
        if (mismatch.isPresent()) {
          refused.add(record.partition() + "@" + record.offset() + " " + record.key() + ": " + mismatch.get());
          return;
        }
        producer.send(again);
        sent[0]++;
      });
      producer.flush(); // every letter is on the topic before the group remembers it as replayed
      consumer.commitSync(replayed);
    }
    return new Replay(sent[0], List.copyOf(refused));
  }

  /** Why {@code letter} is not the record it names, if it is not. */
  private static Optional<String> mismatchWithOriginal(KafkaConsumer<String, byte[]> originals, String topic,
      ConsumerRecord<String, byte[]> letter, ProducerRecord<String, byte[]> again) {
    String from = header(letter, "dead-letter-topic");
    String partition = header(letter, "dead-letter-partition");
    String offset = header(letter, "dead-letter-offset");
    if (!topic.equals(from) || !partition.matches("\\d{1,9}") || !offset.matches("\\d{1,18}")) {
      return Optional.of("names no original record on " + topic + " (forged?)");
    }
    TopicPartition where = new TopicPartition(topic, Integer.parseInt(partition));
    originals.assign(List.of(where));
    originals.seek(where, Long.parseLong(offset));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> original : originals.poll(Duration.ofMillis(200))) {
        if (original.offset() != Long.parseLong(offset)) {
          return Optional.of("its original at " + where + "@" + offset + " is gone (retention?)");
        }
        boolean same = Objects.equals(original.key(), again.key()) && Arrays.equals(original.value(), again.value())
            && Arrays.equals(original.headers().toArray(), again.headers().toArray());
        return same ? Optional.empty() : Optional.of("differs from its original at " + where + "@" + offset
            + " (forged?)");
      }
    }
    return Optional.of("its original at " + where + "@" + offset + " cannot be read");
  }

  private interface LetterHandler {
    void handle(ConsumerRecord<String, byte[]> record);
  }

  /**
   * Reads from the group's committed offsets (or the beginning) up to the end as it is now, so
   * letters that a replay itself puts back are left for the next time. Answers where it stopped.
   */
  private static Map<TopicPartition, OffsetAndMetadata> readToEnd(KafkaConsumer<String, byte[]> consumer, String dlq,
      boolean fromCommitted, LetterHandler handler) {
    List<TopicPartition> partitions = consumer.partitionsFor(dlq).stream()
        .map(p -> new TopicPartition(dlq, p.partition())).toList();
    consumer.assign(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    Map<TopicPartition, OffsetAndMetadata> committed = fromCommitted ? consumer.committed(Set.copyOf(partitions)) : Map.of();
    for (TopicPartition partition : partitions) {
      OffsetAndMetadata from = committed.get(partition);
      if (from == null) {
        consumer.seekToBeginning(List.of(partition));
      } else {
        consumer.seek(partition, from.offset());
      }
    }
    Map<TopicPartition, OffsetAndMetadata> reached = new HashMap<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(dlq + " not read to its end in 60 s");
      }
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (record.offset() < end.get(partition)) {
          handler.handle(record);
          reached.put(partition, new OffsetAndMetadata(record.offset() + 1));
        }
      }
      consumer.pause(partitions.stream().filter(p -> consumer.position(p) >= end.get(p)).toList());
    }
    return reached;
  }

  private static KafkaConsumer<String, byte[]> consumer(Map<String, Object> operator, String group) {
    Map<String, Object> config = new HashMap<>(operator);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    if (group != null) {
      config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    }
    return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
  }

  public static void main(String[] args) {
    if (args.length != 3 || !List.of("list", "replay").contains(args[1])) {
      System.err.println("usage: DeadLetters <bootstrap> list|replay <topic> (credentials from CARE_KEYS)");
      System.exit(2);
    }
    Map<String, Object> operator = DevBroker.fromEnvironment().clientConfig(args[0], BrokerAccess.OPERATOR);
    if (args[1].equals("list")) {
      List<Letter> letters = list(operator, args[2]);
      letters.forEach(letter -> System.out.printf("%d@%d  %s  %s%n", letter.partition(), letter.offset(), letter.key(),
          letter.reason()));
      System.out.println(letters.size() + " dead letters on " + args[2] + ".dlq");
    } else {
      Replay replay = replay(operator, args[2]);
      replay.refused().forEach(refusal -> System.out.println("not replayed: " + refusal));
      System.out.println(replay.sent() + " dead letters replayed onto " + args[2] + ", " + replay.refused().size()
          + " refused");
    }
  }
}
