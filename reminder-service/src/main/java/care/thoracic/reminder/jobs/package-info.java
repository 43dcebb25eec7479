/**
 * Scheduled work: the planner that keeps the next hours of reminders stored, and the dispatch loop that claims
 * due reminders under a lease and delivers them, and the push dispatcher that does the same for the feed's pushes.
 */
package care.thoracic.reminder.jobs;
