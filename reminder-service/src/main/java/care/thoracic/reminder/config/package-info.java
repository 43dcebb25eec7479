/**
 * Wires the reminder schedule (one versioned set of reminder rules) and the projector of what plans need.
 */
package care.thoracic.reminder.config;
