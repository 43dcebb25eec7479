/**
 * Projections: each plan's progress view (facts of the plan, sessions, flags, assessments).
 */
package care.thoracic.progress.store;
