/**
 * The REST API: logging sessions, a plan's progress, the clinic's at-risk list, FHIR Observations. Depends on
 * domain, store, the event store and the platform; nothing depends on it.
 */
package care.thoracic.progress.api;
