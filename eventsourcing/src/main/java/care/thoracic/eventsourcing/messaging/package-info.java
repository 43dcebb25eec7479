/**
 * Consuming events: decoding a Kafka record with the checks a consumer owes (type, topic, headers, key, size),
 * and the consumer that applies each record once and sends poison to the dead-letter topic.
 */
package care.thoracic.eventsourcing.messaging;
