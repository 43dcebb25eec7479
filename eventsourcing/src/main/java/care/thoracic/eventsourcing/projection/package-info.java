/**
 * Idempotent projections: a document per entity with its checkpoints, applied once per stream version, and the
 * projector that feeds events to the projections that handle them (live or in a rebuild).
 */
package care.thoracic.eventsourcing.projection;
