/**
 * The outbox relay: publishes appended commits to Kafka in order per stream, at least once, under a lease that
 * makes one instance per service the relay.
 */
package care.thoracic.eventsourcing.outbox;
