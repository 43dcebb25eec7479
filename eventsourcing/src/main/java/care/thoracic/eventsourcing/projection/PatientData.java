package care.thoracic.eventsourcing.projection;

import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.PatientErased;

/**
 * Something a service keeps about patients outside its event store (a projection, a schedule, a
 * preference, a device): when a patient is erased, each one forgets them. Every such store of a
 * service is a bean of this type, so the erasure reaches all of them.
 */
public interface PatientData {
  /** Removes everything held about the erased patient; applying an erasure twice changes nothing more. */
  void forget(Tenant tenant, PatientErased erasure);
}
