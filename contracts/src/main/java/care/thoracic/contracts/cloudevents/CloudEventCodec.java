package care.thoracic.contracts.cloudevents;

import static care.thoracic.contracts.cloudevents.PoisonEventException.Reason.FOREIGN_SOURCE;
import static care.thoracic.contracts.cloudevents.PoisonEventException.Reason.INVALID_HEADER;
import static care.thoracic.contracts.cloudevents.PoisonEventException.Reason.MALFORMED_PAYLOAD;
import static care.thoracic.contracts.cloudevents.PoisonEventException.Reason.MISSING_HEADER;
import static care.thoracic.contracts.cloudevents.PoisonEventException.Reason.OVERSIZED;
import static care.thoracic.contracts.cloudevents.PoisonEventException.Reason.PATIENT_MISMATCH;
import static care.thoracic.contracts.cloudevents.PoisonEventException.Reason.TENANT_MISMATCH;
import static care.thoracic.contracts.cloudevents.PoisonEventException.Reason.UNKNOWN_TYPE;
import static care.thoracic.contracts.cloudevents.PoisonEventException.Reason.WRONG_TOPIC;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.CareJson;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.EventMetadata;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.EventType;
import care.thoracic.contracts.events.Topic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * CloudEvents 1.0 in Kafka binary mode: attributes in {@code ce_*} headers, the event as JSON in
 * the value, key {@code {tenant}:{patientId}}. Decoding checks everything a consumer relies on,
 * so a record that passes can be trusted and one that fails says why (for the dead-letter queue).
 */
public final class CloudEventCodec {
  public static final String SPEC_VERSION = "1.0";
  public static final String CONTENT_TYPE_JSON = "application/json";
  /** A payload sealed with its patient's key: {@link #SEALED_PREFIX} then nonce and ciphertext in base64. */
  public static final String CONTENT_TYPE_SEALED = "application/vnd.care.sealed.v1";
  public static final String SEALED_PREFIX = "sealed:v1:";

  public static final String HEADER_SPECVERSION = "ce_specversion";
  public static final String HEADER_ID = "ce_id";
  public static final String HEADER_TYPE = "ce_type";
  public static final String HEADER_SOURCE = "ce_source";
  public static final String HEADER_SUBJECT = "ce_subject";
  public static final String HEADER_TIME = "ce_time";
  public static final String HEADER_CONTENT_TYPE = "content-type";
  public static final String HEADER_TENANT = "ce_tenantid";
  public static final String HEADER_STREAM_VERSION = "ce_streamversion";
  public static final String HEADER_CORRELATION = "ce_correlationid";
  public static final String HEADER_CAUSATION = "ce_causationid";
  public static final String HEADER_ACTOR = "ce_actor";

  /** Larger values are refused before parsing; a real event is a few kilobytes at most. */
  public static final int MAX_VALUE_BYTES = 256 * 1024;

  /** A record ready for a producer. */
  public record Encoded(String topic, String key, Map<String, String> headers, byte[] value) {}

  private CloudEventCodec() {}

  /** @param source the producing service, e.g. {@code triage-service}; written as {@code /triage-service} */
  public static Encoded encode(EventEnvelope<?> envelope, String source) {
    return encode(envelope, source, toJson(envelope.event()));
  }

  /** As {@link #encode(EventEnvelope, String)}, with the event's JSON already written (by the event store). */
  public static Encoded encode(EventEnvelope<?> envelope, String source, byte[] json) {
    EventMetadata m = envelope.metadata();
    EventType type = envelope.type();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(HEADER_SPECVERSION, SPEC_VERSION);
    headers.put(HEADER_ID, m.eventId().toString());
    headers.put(HEADER_TYPE, type.ceType());
    headers.put(HEADER_SOURCE, "/" + source);
    headers.put(HEADER_SUBJECT, m.streamId());
    headers.put(HEADER_TIME, m.occurredAt().toString());
    headers.put(HEADER_CONTENT_TYPE, isSealed(json) ? CONTENT_TYPE_SEALED : CONTENT_TYPE_JSON);
    headers.put(HEADER_TENANT, m.tenant().id());
    headers.put(HEADER_STREAM_VERSION, Long.toString(m.streamVersion()));
    headers.put(HEADER_CORRELATION, m.correlationId());
    headers.put(HEADER_CAUSATION, m.causationId());
    headers.put(HEADER_ACTOR, m.actor().toString());
    return new Encoded(type.topic().topicName(), envelope.partitionKey(), headers, json);
  }

  public static byte[] toJson(CareEvent event) {
    try {
      return CareJson.mapper().writeValueAsBytes(event);
    } catch (IOException e) {
      throw new UncheckedIOException("event not serialisable: " + event.getClass().getSimpleName(), e);
    }
  }

  /** Whether a payload (as stored or published) is sealed rather than the event's JSON in the clear. */
  public static boolean isSealed(byte[] payload) {
    if (payload.length < SEALED_PREFIX.length()) {
      return false;
    }
    for (int i = 0; i < SEALED_PREFIX.length(); i++) {
      if (payload[i] != SEALED_PREFIX.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** What an event's payload is sealed for, besides its tenant and patient: its type and id. */
  public static String sealingContext(String ceType, UUID eventId) {
    return ceType + "/" + eventId;
  }

  /**
   * @param topic the topic the record was read from
   * @param header the record's headers by name (last value wins), null when absent
   * @param opener opens a sealed payload; null for a reader without keys
   * @throws care.thoracic.contracts.PatientErasedException if the payload is sealed and its patient erased
   */
  public static EventEnvelope<CareEvent> decode(Topic topic, String key, Function<String, String> header, byte[] value,
      PayloadOpener opener) throws PoisonEventException {
    String ceType = required(header, HEADER_TYPE);
    EventType type =
        EventType.byCeType(ceType).orElseThrow(() -> new PoisonEventException(UNKNOWN_TYPE, "ce_type " + ceType));
    if (type.topic() != topic) {
      throw new PoisonEventException(WRONG_TOPIC, ceType + " does not belong on " + topic.topicName());
    }
    String source = required(header, HEADER_SOURCE);
    if (!type.producers().contains(source.startsWith("/") ? source.substring(1) : source)) {
      throw new PoisonEventException(FOREIGN_SOURCE, ceType + " comes only from " + type.producers() + ", not from "
          + firstLine(source));
    }
    Tenant tenant = parse(HEADER_TENANT, header, Tenant::of);
    // a patient's event is keyed tenant:patient, a clinic's own by the tenant (checked against the payload below)
    if (key == null || !(key.startsWith(tenant.id() + ":") || key.equals(tenant.id()))) {
      throw new PoisonEventException(TENANT_MISMATCH, "key " + key + " is not of tenant " + tenant.id());
    }
    EventMetadata metadata = metadata(header, tenant);
    if (value == null || value.length == 0) {
      throw new PoisonEventException(MALFORMED_PAYLOAD, "empty value");
    }
    if (value.length > MAX_VALUE_BYTES) {
      throw new PoisonEventException(OVERSIZED, value.length + " bytes, limit " + MAX_VALUE_BYTES);
    }
    byte[] json = CONTENT_TYPE_SEALED.equals(header.apply(HEADER_CONTENT_TYPE))
        ? open(tenant, key, metadata, type, value, opener) : value;
    CareEvent event;
    try {
      event = CareJson.mapper().readValue(json, type.javaType());
    } catch (IOException | RuntimeException e) {
      throw new PoisonEventException(MALFORMED_PAYLOAD, ceType + ": " + firstLine(e.getMessage()), e);
    }
    EventEnvelope<CareEvent> envelope = new EventEnvelope<>(metadata, event);
    if (!envelope.partitionKey().equals(key)) {
      throw new PoisonEventException(PATIENT_MISMATCH, "key " + key + " but payload is about " + event.patientId());
    }
    return envelope;
  }

  private static byte[] open(Tenant tenant, String key, EventMetadata metadata, EventType type, byte[] value,
      PayloadOpener opener) throws PoisonEventException {
    if (opener == null) {
      throw new PoisonEventException(MALFORMED_PAYLOAD, "sealed payload, and this reader holds no keys");
    }
    PatientId patientId;
    String patientsKey = tenant.id() + ":";
    if (!key.startsWith(patientsKey)) { // a clinic's own events are never sealed
      throw new PoisonEventException(PATIENT_MISMATCH, "sealed, but key " + firstLine(key) + " names no patient");
    }
    try {
      patientId = PatientId.of(key.substring(patientsKey.length()));
    } catch (IllegalArgumentException e) {
      throw new PoisonEventException(PATIENT_MISMATCH, "key " + firstLine(key) + " names no patient", e);
    }
    try {
      return opener.open(tenant, patientId, sealingContext(type.ceType(), metadata.eventId()), value);
    } catch (IllegalArgumentException e) {
      throw new PoisonEventException(MALFORMED_PAYLOAD, "sealed payload does not open: " + firstLine(e.getMessage()),
          e);
    }
  }

  private static EventMetadata metadata(Function<String, String> header, Tenant tenant) throws PoisonEventException {
    String specVersion = required(header, HEADER_SPECVERSION);
    if (!SPEC_VERSION.equals(specVersion)) {
      throw new PoisonEventException(INVALID_HEADER, "ce_specversion " + specVersion);
    }
    UUID eventId = parse(HEADER_ID, header, UUID::fromString);
    String subject = required(header, HEADER_SUBJECT);
    long version = parse(HEADER_STREAM_VERSION, header, Long::parseLong);
    Instant time = parse(HEADER_TIME, header, Instant::parse);
    String correlation = required(header, HEADER_CORRELATION);
    String causation = required(header, HEADER_CAUSATION);
    Actor actor = parse(HEADER_ACTOR, header, Actor::parse);
    try {
      return new EventMetadata(eventId, tenant, subject, version, time, correlation, causation, actor);
    } catch (IllegalArgumentException e) {
      throw new PoisonEventException(INVALID_HEADER, e.getMessage(), e);
    }
  }

  private static String required(Function<String, String> header, String name) throws PoisonEventException {
    String value = header.apply(name);
    if (value == null || value.isBlank()) {
      throw new PoisonEventException(MISSING_HEADER, name);
    }
    return value;
  }

  private static <T> T parse(String name, Function<String, String> header, Function<String, T> parser)
      throws PoisonEventException {
    String text = required(header, name);
    try {
      return parser.apply(text);
    } catch (RuntimeException e) {
      throw new PoisonEventException(INVALID_HEADER, name + ": " + firstLine(e.getMessage()), e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
