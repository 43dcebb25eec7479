/**
 * Delivery channels: the app's inbox, a log line, and the clinic's signed webhook with its target checks.
 */
package care.thoracic.reminder.delivery;
