/**
 * What crosses service boundaries, beside the events: identifiers, tenant, patient id, actor, roles, the event
 * envelope and its metadata, and the one JSON mapper. Depends on nothing of ours; every module may depend on it.
 */
package care.thoracic.contracts;
