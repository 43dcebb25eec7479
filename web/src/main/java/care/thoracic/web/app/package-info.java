/**
 * The patient app, mobile-first: the intake in plain language (red-flag questions first), today's
 * plan with its dosage and education, logging a session so that a retry is safe, and the progress.
 */
package care.thoracic.web.app;
