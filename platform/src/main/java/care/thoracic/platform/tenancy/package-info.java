/**
 * Who is calling: the verified token (cached until it expires), the caller's clinic, role and patient, and the
 * check that answers 404 for anyone who may not see a patient.
 */
package care.thoracic.platform.tenancy;
