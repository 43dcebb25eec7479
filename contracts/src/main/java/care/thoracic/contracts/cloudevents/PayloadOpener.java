package care.thoracic.contracts.cloudevents;

import care.thoracic.contracts.PatientErasedException;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;

/**
 * Opens an event payload sealed with its patient's key (content type
 * {@link CloudEventCodec#CONTENT_TYPE_SEALED}) back into the event's JSON.
 */
@FunctionalInterface
public interface PayloadOpener {
  /**
   * @param context what the payload was sealed for ({@link CloudEventCodec#sealingContext}); a payload
   *     moved to another event does not open
   * @throws PatientErasedException if the patient's key is destroyed
   * @throws IllegalArgumentException if the payload is not one this key sealed for this context
   */
  byte[] open(Tenant tenant, PatientId patientId, String context, byte[] sealed);
}
