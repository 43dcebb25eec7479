/**
 * The service clock: real time plus an offset that only dev and test profiles may move.
 */
package care.thoracic.eventsourcing.time;
