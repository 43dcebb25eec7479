/**
 * Wires the escalation rules (with their thresholds), the PlanProgress repository, the projector and FHIR.
 */
package care.thoracic.progress.config;
