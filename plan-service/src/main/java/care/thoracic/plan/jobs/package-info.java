/**
 * Work not started by a request or an event: the phase reviews that advance or hold plans on their
 * review day, the work queue's escalations past its deadlines, and its places computed again
 * where this instance's deadlines differ from those they were computed under.
 */
package care.thoracic.plan.jobs;
