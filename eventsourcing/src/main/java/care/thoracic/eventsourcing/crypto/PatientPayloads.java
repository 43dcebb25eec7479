package care.thoracic.eventsourcing.crypto;

import static care.thoracic.contracts.cloudevents.CloudEventCodec.SEALED_PREFIX;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.cloudevents.CloudEventCodec;
import care.thoracic.contracts.cloudevents.PayloadOpener;
import care.thoracic.contracts.events.EventType;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

/**
 * Event payloads as the store keeps them and the relay publishes them: sealed with the patient's
 * key when the event's type is {@linkplain EventType#sealed() sealed}, as
 * {@code sealed:v1:<base64 of nonce, ciphertext, tag>}, bound to the tenant, patient, type and event
 * id. Payloads stored in the clear before sealing existed still read.
 *
 * <p>Projections keep a patient's health data in the same form ({@link #sealField}, {@link #openField}),
 * each value bound to where it is kept, so a value copied to another document or field does not open.
 */
public final class PatientPayloads implements PayloadOpener {
  private static final SecureRandom NOISE = new SecureRandom();
  /** Sets a projection's values apart from event payloads, whose context is a CloudEvents type. */
  private static final String FIELD_CONTEXT = "field|";
  private final PatientKeys keys;

  public PatientPayloads(PatientKeys keys) {
    this.keys = keys;
  }

  /**
   * Payloads never sealed: only for measuring what sealing costs (the event-pipeline benchmark runs
   * both in one run). No service is ever configured this way.
   */
  public static PatientPayloads inTheClear() {
    return new PatientPayloads(null);
  }

  /** The payload to store for this event, given its JSON. @throws care.thoracic.contracts.PatientErasedException */
  public String seal(EventEnvelope<?> envelope, String json) {
    EventType type = envelope.type();
    if (!type.sealed() || keys == null) {
      return json;
    }
    Tenant tenant = envelope.tenant();
    PatientId patient = envelope.event().patientId();
    byte[] sealed = Seal.seal(keys.keyFor(tenant, patient), json.getBytes(StandardCharsets.UTF_8),
        context(tenant, patient, CloudEventCodec.sealingContext(type.ceType(), envelope.metadata().eventId())));
    return SEALED_PREFIX + Base64.getEncoder().encodeToString(sealed);
  }

  /**
   * A payload in the sealed form that no key opens: what replaces an erased patient's payload that
   * was stored in the clear (before sealing existed) when the store is sealed in place.
   */
  public static String unopenable() {
    byte[] noise = new byte[64];
    NOISE.nextBytes(noise);
    return SEALED_PREFIX + Base64.getEncoder().encodeToString(noise);
  }

  /**
   * For an event of a {@linkplain EventType#sealed() sealed} type that came in the clear (stored or
   * published before sealing existed): it is refused like a sealed one once its patient is erased.
   *
   * @throws care.thoracic.contracts.PatientErasedException if the patient was erased
   */
  public void requireReadable(EventEnvelope<?> envelope) {
    if (envelope.type().sealed() && keys != null) {
      keys.requireNotErased(envelope.tenant(), envelope.event().patientId());
    }
  }

  /**
   * The event's JSON from a stored payload, sealed or in the clear.
   *
   * @param patient the event's patient; null only for a payload stored in the clear
   *
   * @throws care.thoracic.contracts.PatientErasedException if it is sealed and the patient erased
   */
  public String open(Tenant tenant, PatientId patient, EventType type, UUID eventId, String stored) {
    if (!stored.startsWith(SEALED_PREFIX)) {
      return stored;
    }
    if (patient == null) {
      throw new IllegalStateException("sealed event " + eventId + " stored without its patient");
    }
    return new String(open(tenant, patient, CloudEventCodec.sealingContext(type.ceType(), eventId),
        stored.getBytes(StandardCharsets.US_ASCII)), StandardCharsets.UTF_8);
  }

  @Override
  public byte[] open(Tenant tenant, PatientId patient, String context, byte[] sealed) {
    if (!CloudEventCodec.isSealed(sealed)) {
      throw new IllegalArgumentException("not a sealed payload (no " + SEALED_PREFIX + " prefix)");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(Arrays.copyOfRange(sealed, SEALED_PREFIX.length(), sealed.length));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("sealed payload is not base64 after its prefix");
    }
    return Seal.open(keys.existingKey(tenant, patient), raw, context(tenant, patient, context));
  }

  /**
   * A projection's value of the patient's, sealed with their key; {@code place} names where it is kept
   * (collection, document, field), and only opens there.
   *
   * @throws care.thoracic.contracts.PatientErasedException if the patient was erased
   */
  public String sealField(Tenant tenant, PatientId patient, String place, String clear) {
    if (keys == null) {
      return clear;
    }
    byte[] sealed = Seal.seal(keys.keyFor(tenant, patient), clear.getBytes(StandardCharsets.UTF_8),
        context(tenant, patient, FIELD_CONTEXT + place));
    return SEALED_PREFIX + Base64.getEncoder().encodeToString(sealed);
  }

  /**
   * A projection's value as {@link #sealField} kept it; a value kept in the clear (written before
   * projections were sealed) reads as it is.
   *
   * @throws care.thoracic.contracts.PatientErasedException if it is sealed and the patient erased
   */
  public String openField(Tenant tenant, PatientId patient, String place, String stored) {
    if (!stored.startsWith(SEALED_PREFIX)) {
      return stored;
    }
    return new String(open(tenant, patient, FIELD_CONTEXT + place, stored.getBytes(StandardCharsets.US_ASCII)),
        StandardCharsets.UTF_8);
  }

  private static byte[] context(Tenant tenant, PatientId patient, String eventContext) {
    return (EventEnvelope.partitionKey(tenant, patient) + "|" + eventContext).getBytes(StandardCharsets.UTF_8);
  }
}
