/**
 * Progress as pure Java: the figures (adherence, mean pain), the escalation rules with their reasons, and the
 * PlanProgress decider. Imports only java.*, the contracts and the decider contract.
 */
package care.thoracic.progress.domain;
