/**
 * Consuming events: decoding a Kafka record with the checks a consumer owes (type, topic, headers, key, size),
 * and the consumer that hands each record to its handler, retries on a conflict, acknowledges, and sends poison to
 * the dead-letter topic. Redelivery is harmless because projections apply each stream version once.
 */
package care.thoracic.eventsourcing.messaging;
