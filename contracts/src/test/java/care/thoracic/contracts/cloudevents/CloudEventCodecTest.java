package care.thoracic.contracts.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientErasedException;
import care.thoracic.contracts.SampleEvents;
import care.thoracic.contracts.cloudevents.CloudEventCodec.Encoded;
import care.thoracic.contracts.cloudevents.PoisonEventException.Reason;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.ClinicEvent;
import care.thoracic.contracts.events.EventType;
import care.thoracic.contracts.events.Topic;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CloudEventCodecTest {

  @ParameterizedTest
  @EnumSource(EventType.class)
  void every_event_round_trips_through_binary_mode(EventType type) throws PoisonEventException {
    EventEnvelope<CareEvent> envelope = SampleEvents.envelope(type);
    String producer = type.producers().getFirst();
    Encoded encoded = CloudEventCodec.encode(envelope, producer);

    assertThat(encoded.topic()).isEqualTo(type.topic().topicName());
    // a patient's events are keyed by clinic and patient, a clinic's own by the clinic
    assertThat(encoded.key()).isEqualTo(ClinicEvent.class.isAssignableFrom(type.javaType()) ? "clinic-north"
        : "clinic-north:pat-0001");
    assertThat(encoded.headers())
        .containsEntry("ce_specversion", "1.0")
        .containsEntry("ce_id", "11111111-2222-4333-8444-555555555555")
        .containsEntry("ce_type", type.ceType())
        .containsEntry("ce_source", "/" + producer)
        .containsEntry("ce_subject", "stream-" + type.ordinal())
        .containsEntry("ce_time", "2026-11-24T10:15:30.123Z")
        .containsEntry("ce_tenantid", "clinic-north")
        .containsEntry("ce_streamversion", "3")
        .containsEntry("ce_correlationid", "corr-7f3a")
        .containsEntry("ce_causationid", "req-19c2")
        .containsEntry("ce_actor", "user:dr-ada")
        .containsEntry("content-type", "application/json");

    assertThat(decode(type.topic(), encoded.key(), encoded.headers(), encoded.value())).isEqualTo(envelope);
  }

  @Test
  void each_kind_of_poison_is_named() {
    Encoded good = CloudEventCodec.encode(SampleEvents.envelope(EventType.SESSION_LOGGED), "progress-service");
    Topic topic = Topic.SESSION;

    assertPoison(Reason.MISSING_HEADER, topic, good.key(), without(good.headers(), "ce_type"), good.value());
    assertPoison(Reason.UNKNOWN_TYPE, topic, good.key(), with(good.headers(), "ce_type", "care.session.deleted.v1"),
        good.value());
    assertPoison(Reason.WRONG_TOPIC, Topic.PLAN, good.key(), good.headers(), good.value());
    assertPoison(Reason.MISSING_HEADER, topic, good.key(), without(good.headers(), "ce_source"), good.value());
    assertPoison(Reason.FOREIGN_SOURCE, topic, good.key(), with(good.headers(), "ce_source", "/reminder-service"),
        good.value());
    assertPoison(Reason.FOREIGN_SOURCE, topic, good.key(), with(good.headers(), "ce_source", "/progress-service-x"),
        good.value());
    assertPoison(Reason.MISSING_HEADER, topic, good.key(), without(good.headers(), "ce_tenantid"), good.value());
    assertPoison(Reason.TENANT_MISMATCH, topic, good.key(), with(good.headers(), "ce_tenantid", "clinic-south"),
        good.value());
    assertPoison(Reason.INVALID_HEADER, topic, good.key(), with(good.headers(), "ce_tenantid", "$ne"), good.value());
    assertPoison(Reason.INVALID_HEADER, topic, good.key(), with(good.headers(), "ce_streamversion", "x"), good.value());
    assertPoison(Reason.INVALID_HEADER, topic, good.key(), with(good.headers(), "ce_streamversion", "0"), good.value());
    assertPoison(Reason.PATIENT_MISMATCH, topic, "clinic-north:pat-0002", good.headers(), good.value());
    // keyed like a clinic's own event, but about a patient
    assertPoison(Reason.PATIENT_MISMATCH, topic, "clinic-north", good.headers(), good.value());
    assertPoison(Reason.MALFORMED_PAYLOAD, topic, good.key(), good.headers(),
        "{\"sessionId\":".getBytes(StandardCharsets.UTF_8));
    assertPoison(Reason.OVERSIZED, topic, good.key(), good.headers(), new byte[CloudEventCodec.MAX_VALUE_BYTES + 1]);
  }

  @Test
  void a_sealed_payload_is_labelled_and_opened_for_its_tenant_patient_type_and_event() throws PoisonEventException {
    EventEnvelope<CareEvent> envelope = SampleEvents.envelope(EventType.SESSION_LOGGED);
    byte[] json = CloudEventCodec.toJson(envelope.event());
    byte[] sealed = (CloudEventCodec.SEALED_PREFIX + "c2VhbGVk").getBytes(StandardCharsets.US_ASCII);
    Encoded encoded = CloudEventCodec.encode(envelope, "progress-service", sealed);
    assertThat(encoded.headers()).containsEntry("content-type", CloudEventCodec.CONTENT_TYPE_SEALED);

    List<String> asked = new ArrayList<>();
    PayloadOpener opener = (tenant, patient, context, value) -> {
      asked.add(tenant.id() + ":" + patient + "|" + context);
      assertThat(value).isEqualTo(sealed);
      return json;
    };
    assertThat(CloudEventCodec.decode(Topic.SESSION, encoded.key(), encoded.headers()::get, encoded.value(), opener))
        .isEqualTo(envelope);
    assertThat(asked).containsExactly(
        "clinic-north:pat-0001|care.session.logged.v1/11111111-2222-4333-8444-555555555555");

    assertPoison(Reason.MALFORMED_PAYLOAD, Topic.SESSION, encoded.key(), encoded.headers(), encoded.value());
    assertThatThrownBy(() -> CloudEventCodec.decode(Topic.SESSION, encoded.key(), encoded.headers()::get,
        encoded.value(), (tenant, patient, context, value) -> {
          throw new IllegalArgumentException("changed since");
        })).isInstanceOfSatisfying(PoisonEventException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_PAYLOAD));
    assertThatThrownBy(() -> CloudEventCodec.decode(Topic.SESSION, encoded.key(), encoded.headers()::get,
        encoded.value(), (tenant, patient, context, value) -> {
          throw new PatientErasedException(tenant, patient);
        })).as("an erased patient is not poison: the consumer skips the record")
        .isInstanceOf(PatientErasedException.class);
    PayloadOpener any = (tenant, patient, context, value) -> json;
    for (String noPatient : List.of("clinic-north", "clinic-north:")) {
      assertThatThrownBy(() -> CloudEventCodec.decode(Topic.SESSION, noPatient, encoded.headers()::get,
          encoded.value(), any)).as("sealed under key " + noPatient).isInstanceOfSatisfying(PoisonEventException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.PATIENT_MISMATCH));
    }
  }

  private static void assertPoison(Reason reason, Topic topic, String key, Map<String, String> headers, byte[] value) {
    assertThatThrownBy(() -> decode(topic, key, headers, value))
        .isInstanceOfSatisfying(PoisonEventException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  private static EventEnvelope<CareEvent> decode(Topic topic, String key, Map<String, String> headers, byte[] value)
      throws PoisonEventException {
    return CloudEventCodec.decode(topic, key, headers::get, value, null); // a reader without keys
  }

  private static Map<String, String> without(Map<String, String> headers, String name) {
    Map<String, String> copy = new HashMap<>(headers);
    copy.remove(name);
    return copy;
  }

  private static Map<String, String> with(Map<String, String> headers, String name, String value) {
    Map<String, String> copy = new HashMap<>(headers);
    copy.put(name, value);
    return copy;
  }
}
