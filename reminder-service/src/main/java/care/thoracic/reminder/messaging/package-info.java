/**
 * Kafka in: plan events and sessions, into each plan's schedule; the planner then re-plans what changed.
 */
package care.thoracic.reminder.messaging;
