/**
 * Kafka in: triages and red flags that start or suspend plans, the service's own plan events into its views,
 * sessions and assessments for phase reviews, and the live plan feeds they wake.
 */
package care.thoracic.plan.messaging;
