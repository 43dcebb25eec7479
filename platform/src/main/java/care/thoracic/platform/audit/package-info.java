/**
 * The access audit: every request that reaches a patient's data (as {@code tenancy.PatientAccess}
 * noted it) is written as {@code PatientDataAccessed} records to the service's event store before it
 * is answered, and published from there on {@code care.audit.v1}. A read whose records cannot be
 * written is answered 503, never with unaudited data.
 */
package care.thoracic.platform.audit;
