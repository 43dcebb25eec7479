/**
 * The REST API: plans, today's activities, clinician decisions, clinic lists, SSE subscriptions, FHIR CarePlans.
 * Depends on domain, store, messaging, the event store and decider contract, and the platform; nothing depends
 * on it.
 */
package care.thoracic.plan.api;
