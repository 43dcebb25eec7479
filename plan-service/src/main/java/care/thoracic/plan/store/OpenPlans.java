package care.thoracic.plan.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.PatientErased;
import care.thoracic.eventsourcing.projection.PatientData;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;

/**
 * The patient's one open plan (CLINICAL §8), reserved before the plan is started: one document per
 * clinic and patient ({@code _id} {@code tenant/patient}), so two triages of one patient can never
 * both open a plan, whichever instance handles them. Not a projection: it is written by the commands
 * that open, replace and close plans, before or after their events, and every step is idempotent.
 *
 * <p>Plans opened before this collection existed (2026-11-30) have no reservation; the plan
 * summaries find them, and the first triage after the upgrade reserves the one it finds.
 */
@Singleton
public class OpenPlans implements PatientData {
  private final MongoCollection<Document> reservations;

  @Inject
  public OpenPlans(MongoDatabase database) {
    this.reservations = database.getCollection("open_plans");
  }

  @Override
  public void forget(Tenant tenant, PatientErased erasure) {
    reservations.deleteOne(eq("_id", key(tenant, erasure.patientId())));
  }

  /** The plan that holds the patient's reservation, if any. */
  public Optional<UUID> holder(Tenant tenant, PatientId patient) {
    return Optional.ofNullable(reservations.find(eq("_id", key(tenant, patient))).first())
        .map(doc -> UUID.fromString(doc.getString("planId")));
  }

  /**
   * Whether {@code planId} holds the patient's reservation and took it less than {@code grace} ago.
   * Wall time, not the service clock: the grace is about instances racing now, and a clock moved a
   * week ahead (dev, tests) must not make a reservation taken a moment ago look abandoned.
   */
  public boolean reservedWithin(Tenant tenant, PatientId patient, UUID planId, Duration grace) {
    Document held = reservations.find(and(eq("_id", key(tenant, patient)), eq("planId", planId.toString()))).first();
    return held != null && held.getDate("since").toInstant().plus(grace).isAfter(Instant.now());
  }

  /**
   * Reserves the patient's open plan for {@code planId} unless another plan holds it.
   *
   * @return the plan that holds the reservation now: {@code planId}, or the one that already did
   */
  public UUID reserve(Tenant tenant, PatientId patient, UUID planId) {
    try {
      reservations.insertOne(new Document("_id", key(tenant, patient)).append("tenant", tenant.id())
          .append("patientId", patient.value()).append("planId", planId.toString()).append("since", new Date()));
      return planId;
    } catch (MongoWriteException e) {
      if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
      return holder(tenant, patient).orElseGet(() -> reserve(tenant, patient, planId)); // released meanwhile
    }
  }

  /** Hands the reservation from {@code from} to {@code to}; nothing when {@code from} no longer holds it. */
  public void move(Tenant tenant, PatientId patient, UUID from, UUID to) {
    reservations.updateOne(and(eq("_id", key(tenant, patient)), eq("planId", from.toString())),
        Updates.combine(Updates.set("planId", to.toString()), Updates.set("since", new Date())));
  }

  /** Ends {@code planId}'s reservation; nothing when another plan holds it. */
  public void release(Tenant tenant, PatientId patient, UUID planId) {
    reservations.deleteOne(and(eq("_id", key(tenant, patient)), eq("planId", planId.toString())));
  }

  private static String key(Tenant tenant, PatientId patient) {
    return tenant.id() + "/" + patient.value();
  }
}
