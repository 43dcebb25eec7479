/**
 * Care plans as pure Java: the protocol data, the CarePlan decider and the phase-review rule. Imports only
 * java.*, the contracts and the decider contract.
 */
package care.thoracic.plan.domain;
