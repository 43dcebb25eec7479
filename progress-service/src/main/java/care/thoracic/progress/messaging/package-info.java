/**
 * Kafka in: plan events, sessions, red flags and assessments, into the progress views.
 */
package care.thoracic.progress.messaging;
