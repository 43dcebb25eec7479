/**
 * The REST API: the patient's reminder inbox and preferences, their devices registered for Web Push, and the
 * deployment's VAPID public key. Depends on domain, store, jobs (a changed preference re-plans), delivery (webhook
 * and push endpoints are checked on save), the decider contract's rejection and the platform; nothing depends on it.
 */
package care.thoracic.reminder.api;
