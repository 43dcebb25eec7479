/**
 * The clinical vocabulary of CLINICAL.md as types: intake answers, conditions, phases, flags, severities,
 * recommendations, reminder kinds. Used by the events and by every service's domain.
 */
package care.thoracic.contracts.clinical;
