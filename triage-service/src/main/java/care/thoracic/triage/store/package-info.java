/**
 * Projections: each patient's triages, as the API lists them; and the work days each clinic's intakes get when
 * they name none, a clinic setting kept as events.
 */
package care.thoracic.triage.store;
