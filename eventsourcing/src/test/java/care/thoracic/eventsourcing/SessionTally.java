package care.thoracic.eventsourcing;

import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Updates.addEachToSet;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.inc;
import static com.mongodb.client.model.Updates.max;
import static com.mongodb.client.model.Updates.push;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.EventType;
import care.thoracic.contracts.events.PatientErased;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.eventsourcing.projection.Projection;
import care.thoracic.eventsourcing.projection.ProjectionCollection;
import com.mongodb.client.MongoDatabase;
import java.util.Set;
import java.util.UUID;

/**
 * A test projection whose updates are deliberately not idempotent on their own ($inc, $push):
 * only the checkpoint makes a redelivery harmless, so a broken checkpoint shows at once.
 */
final class SessionTally implements Projection {
  final ProjectionCollection plans;

  SessionTally(MongoDatabase database) {
    this.plans = new ProjectionCollection(database, "session_tally");
  }

  @Override
  public String name() {
    return "session-tally";
  }

  @Override
  public Set<EventType> handles() {
    return Set.of(EventType.SESSION_LOGGED);
  }

  @Override
  public void apply(EventEnvelope<? extends CareEvent> event) {
    SessionLogged session = (SessionLogged) event.event();
    plans.applyOnce(event, session.planId().toString(), combine(
        inc("sessions", 1),
        inc("painAfterSum", session.painAfter()),
        push("versions", event.metadata().streamVersion()),
        addEachToSet("symptoms", session.symptoms().stream().map(Enum::name).toList()),
        max("lastPerformedOn", session.performedOn().toString())));
  }

  @Override
  public void forget(Tenant tenant, PatientErased erasure) {
    plans.forget(tenant, in("id", erasure.planIds().stream().map(UUID::toString).toList()));
  }

  @Override
  public void reset() {
    plans.dropAll();
  }
}
