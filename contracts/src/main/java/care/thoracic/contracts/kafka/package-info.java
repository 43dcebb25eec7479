/**
 * Creates every topic and its dead-letter topic up front and waits until each partition answers.
 */
package care.thoracic.contracts.kafka;
