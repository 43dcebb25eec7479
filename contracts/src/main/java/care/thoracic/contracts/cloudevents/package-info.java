/**
 * Events to and from Kafka records (CloudEvents 1.0, binary mode), and the poison-event refusal with its reason.
 */
package care.thoracic.contracts.cloudevents;
