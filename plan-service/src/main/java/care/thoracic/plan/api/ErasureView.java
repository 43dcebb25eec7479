package care.thoracic.plan.api;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.clinical.ErasureGround;
import care.thoracic.contracts.events.PatientErased;
import java.time.Instant;

/** The record of an erasure: whom, on what ground, when and by whom; nothing of what was erased. */
public record ErasureView(String patientId, ErasureGround ground, Instant erasedAt, String erasedBy) {
  static ErasureView of(EventEnvelope<PatientErased> erasure) {
    return new ErasureView(erasure.event().patientId().value(), erasure.event().ground(),
        erasure.metadata().occurredAt(), erasure.metadata().actor().id());
  }
}
