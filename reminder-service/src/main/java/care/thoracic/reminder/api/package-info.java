/**
 * The REST API: the patient's reminder inbox and preferences. Depends on domain, store, jobs (a changed
 * preference re-plans), delivery (webhook targets are checked on save), the decider contract's rejection and the
 * platform; nothing depends on it.
 */
package care.thoracic.reminder.api;
