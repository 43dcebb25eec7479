/**
 * Wires the plain-Java machinery into a Quarkus service: the store, the relay, the clock, their settings
 * ({@code care.*}) and the relay's readiness.
 */
package care.thoracic.eventsourcing.config;
