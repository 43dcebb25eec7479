/**
 * Delivery channels: the app's inbox, a log line, the clinic's signed webhook with its target checks, and Web
 * Push (the library's encryption and VAPID token, sent by a bounded call of our own).
 */
package care.thoracic.reminder.delivery;
