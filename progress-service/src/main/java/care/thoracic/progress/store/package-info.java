/**
 * Projections: each plan's progress view (facts of the plan, sessions, flags, assessments); and when
 * each running plan's daily check is next due.
 */
package care.thoracic.progress.store;
