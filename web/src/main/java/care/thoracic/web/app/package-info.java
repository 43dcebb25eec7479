/**
 * The patient app, mobile-first: the intake in plain language (red-flag questions first), today's
 * plan with its dosage and education and the news of the patient's feed (followed live), logging a
 * session so that a retry is safe, the progress, the reminders and their times, and Web Push.
 */
package care.thoracic.web.app;
