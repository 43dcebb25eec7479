/**
 * The clinic console, for clinicians and clinic-admins: the work queue (urgent first, deadlines
 * counting down, acknowledge, open the patient); a patient's plan with its progress charts, flags,
 * timeline and the clinician's decisions (a re-triage's too), each with a reason, on the version the
 * clinician saw; the lists; the clinic's settings; a patient's access log and export (admins).
 */
package care.thoracic.web.console;
