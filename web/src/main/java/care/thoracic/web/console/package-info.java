/**
 * The clinic console, for clinicians and clinic-admins: the work queue (urgent first, deadlines
 * counting down, acknowledge, open the patient) and a patient's plan with its timeline and the
 * clinician's decisions, each with a reason, on the version the clinician saw.
 */
package care.thoracic.web.console;
