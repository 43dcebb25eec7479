/**
 * Who is calling: the verified token (cached until it expires), a token naming no clinic refused with 401
 * before anything else, the caller's clinic, role and patient, and the check that answers 404 for anyone who may
 * not see a patient.
 */
package care.thoracic.platform.tenancy;
