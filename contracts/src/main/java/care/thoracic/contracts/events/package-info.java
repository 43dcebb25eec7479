/**
 * The published events, one record per type, their sealed families per topic, the catalogue of types
 * ({@link care.thoracic.contracts.events.EventType}) and the topics. A change here is a change to a public shape:
 * golden-file tests pin each one.
 */
package care.thoracic.contracts.events;
