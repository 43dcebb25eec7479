/**
 * Projections and state: each plan's schedule, patients' preferences, the stored reminders the dispatch claims, the
 * patient feed, and push subscriptions with the push deliveries the push dispatcher claims.
 */
package care.thoracic.reminder.store;
