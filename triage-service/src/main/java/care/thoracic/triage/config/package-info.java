/**
 * Wires the triage rules (versioned data) and the TriageCase repository into Quarkus.
 */
package care.thoracic.triage.config;
