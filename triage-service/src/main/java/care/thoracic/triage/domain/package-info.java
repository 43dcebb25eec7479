/**
 * Triage as pure Java: the rule set (data), the rules that return their reasons, and the TriageCase decider.
 * Imports only java.*, the contracts and the decider contract.
 */
package care.thoracic.triage.domain;
