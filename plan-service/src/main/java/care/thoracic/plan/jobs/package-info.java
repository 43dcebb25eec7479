/**
 * Scheduled work: the phase reviews that advance or hold plans on their review day.
 */
package care.thoracic.plan.jobs;
