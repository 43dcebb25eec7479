/**
 * Projections and state: each plan's schedule, patients' preferences, and the stored reminders the dispatch claims.
 */
package care.thoracic.reminder.store;
