/**
 * Crypto-shredding: each patient's events are sealed (AES-GCM) with a data key of their own, kept
 * wrapped by the key-encryption key in the key vault shared by every service. Destroying the data
 * key erases the patient from every copy of the log at once. Used by the store and the consumers;
 * depends on the contracts and the Mongo driver only.
 */
package care.thoracic.eventsourcing.crypto;
