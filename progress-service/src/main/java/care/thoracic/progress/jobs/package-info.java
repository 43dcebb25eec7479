/**
 * Scheduled work: the daily check of each running plan (assessments due, no improvement, worsening pain).
 */
package care.thoracic.progress.jobs;
