/**
 * The REST API: {@code POST /triage} with its strict intake, the triage views, OpenAPI examples. Depends on
 * domain, store, the event store and the platform; nothing depends on it.
 */
package care.thoracic.triage.api;
