/**
 * Wires the protocols (loaded and validated at start-up), the CarePlan repository, the projector and FHIR.
 */
package care.thoracic.plan.config;
