/**
 * Wires the protocols (loaded and validated at start-up), the CarePlan repository and the projector.
 */
package care.thoracic.plan.config;
