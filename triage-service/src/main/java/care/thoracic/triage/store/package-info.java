/**
 * Projections: each patient's triages, as the API lists them.
 */
package care.thoracic.triage.store;
