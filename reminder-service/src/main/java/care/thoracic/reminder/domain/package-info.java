/**
 * Reminders as pure Java: when each kind is due, quiet hours, work days, preferences and a plan's schedule.
 * Imports only java.* and the contracts.
 */
package care.thoracic.reminder.domain;
