/**
 * Projections: plan summaries, the red-flag inbox, and what phase reviews count (sessions, assessments).
 */
package care.thoracic.plan.store;
