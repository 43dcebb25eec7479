/**
 * Wires the triage rules (versioned data), the TriageCase repository and the projector into Quarkus.
 */
package care.thoracic.triage.config;
