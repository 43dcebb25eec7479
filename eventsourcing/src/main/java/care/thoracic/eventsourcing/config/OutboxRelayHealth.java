package care.thoracic.eventsourcing.config;

import care.thoracic.eventsourcing.outbox.OutboxRelay;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the outbox relay runs (leader or standing by). Mongo and Kafka have their own checks. */
@Readiness
@ApplicationScoped
public class OutboxRelayHealth implements HealthCheck {
  @Inject OutboxRelay relay;
  @Inject CareConfig config;

  @Override
  public HealthCheckResponse call() {
    boolean up = !config.outbox().enabled() || relay.isRunning();
    return HealthCheckResponse.named("outbox-relay").status(up)
        .withData("leader", relay.isLeader()).withData("enabled", config.outbox().enabled()).build();
  }
}
