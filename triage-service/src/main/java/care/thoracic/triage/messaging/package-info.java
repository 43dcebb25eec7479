/**
 * Kafka in: the service's own triage events, back into the per-patient list.
 */
package care.thoracic.triage.messaging;
