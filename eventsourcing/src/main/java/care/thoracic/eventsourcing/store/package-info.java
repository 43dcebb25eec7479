/**
 * The event store (one commit document per command, optimistic concurrency, the outbox flag) and the repository
 * that loads a stream, asks its decider and appends what it decided.
 */
package care.thoracic.eventsourcing.store;
