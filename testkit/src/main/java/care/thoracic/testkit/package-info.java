/**
 * Test scope only: one embedded KRaft broker and Mongo wire server per test JVM (or containers), test tokens,
 * clock control, packaged services, FHIR validation, a VAPID key pair and a stand-in Web Push service.
 */
package care.thoracic.testkit;
