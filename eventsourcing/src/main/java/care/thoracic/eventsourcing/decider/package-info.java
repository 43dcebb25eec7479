/**
 * The decider contract: an aggregate as pure {@code decide} and {@code evolve}, and the refusal a decision may
 * throw. Plain Java (an architecture rule holds it so): every service's domain implements it.
 */
package care.thoracic.eventsourcing.decider;
