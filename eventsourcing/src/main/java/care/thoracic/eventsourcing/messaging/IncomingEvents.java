package care.thoracic.eventsourcing.messaging;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.cloudevents.CloudEventCodec;
import care.thoracic.contracts.cloudevents.PayloadOpener;
import care.thoracic.contracts.cloudevents.PoisonEventException;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.Topic;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Turns a Kafka record into a trusted event, or says why it is poison (for the dead-letter topic).
 * A payload sealed with its patient's key is opened with {@code opener}; if that patient was erased,
 * {@link care.thoracic.contracts.PatientErasedException} says so (the record is skipped, not poison).
 */
public final class IncomingEvents {
  private IncomingEvents() {}

  public static EventEnvelope<CareEvent> decode(ConsumerRecord<String, byte[]> record, PayloadOpener opener)
      throws PoisonEventException {
    return decode(record.topic(), record.key(), record.headers(), record.value(), opener);
  }

  public static EventEnvelope<CareEvent> decode(String topicName, String key, Headers headers, byte[] value,
      PayloadOpener opener) throws PoisonEventException {
    Topic topic = Topic.byName(topicName.endsWith(".dlq") ? topicName.substring(0, topicName.length() - 4) : topicName)
        .orElseThrow(() -> new PoisonEventException(PoisonEventException.Reason.WRONG_TOPIC, "unknown topic " + topicName));
    return CloudEventCodec.decode(topic, key, name -> {
      Header header = headers.lastHeader(name);
      return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }, value, opener);
  }
}
