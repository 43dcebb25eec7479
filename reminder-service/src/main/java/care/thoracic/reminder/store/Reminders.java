package care.thoracic.reminder.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.nin;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.inc;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.setOnInsert;
import static com.mongodb.client.model.Updates.unset;

import care.thoracic.contracts.Nullable;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.ReminderKind;
import care.thoracic.contracts.events.PatientErased;
import care.thoracic.eventsourcing.projection.PatientData;
import care.thoracic.reminder.domain.PlannedReminder;
import care.thoracic.reminder.domain.ScheduledPlan;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

/**
 * The durable schedule: one document per reminder, keyed by tenant and the reminder's derived
 * id, so planning the same reminder again finds it. A reminder is PENDING until it is sent,
 * CANCELLED when its plan stopped needing it (suspended, completed, rescheduled), SATISFIED when a
 * session made it unnecessary. Only pending and cancelled reminders are ever re-planned: one that
 * was sent stays sent.
 */
@Singleton
public class Reminders implements PatientData {
  /**
   * CLAIMED: a dispatcher is delivering it, until its lease ends (then another may take it over).
   * RETRYING: a delivery failed and is tried again at {@code retryAt}.
   */
  public enum Status { PENDING, CLAIMED, RETRYING, CANCELLED, SATISFIED, SENT, FAILED }

  private static final Logger LOG = Logger.getLogger(Reminders.class);
  static final String BY_PLAN = "by_plan_status_due";
  static final String SUPERSEDED_BY_PLAN = "by_plan";
  private static final int INDEX_NOT_FOUND = 27;

  private final MongoCollection<Document> reminders;

  @Inject
  public Reminders(MongoDatabase database) {
    this.reminders = database.getCollection("reminders");
    // A plan's pending reminders in its planning window, whatever its history or the clinic's other
    // plans: on the plan alone (before 2026-12-03) a reconcile walked every reminder the plan ever had,
    // on (status, dueAt) every plan's pending ones.
    reminders.createIndex(Indexes.ascending("planId", "status", "dueAt"), new IndexOptions().name(BY_PLAN));
    for (Document index : reminders.listIndexes()) {
      if (SUPERSEDED_BY_PLAN.equals(index.getString("name"))) {
        try {
          reminders.dropIndex(SUPERSEDED_BY_PLAN);
        } catch (MongoCommandException e) { // tidying only: the service runs with it, and the next start drops it
          if (e.getErrorCode() != INDEX_NOT_FOUND) { // not found: another instance starting meanwhile dropped it
            LOG.warnf(e, "the superseded reminder index %s was not dropped; the next start tries again",
                SUPERSEDED_BY_PLAN);
          }
        }
      }
    }
    reminders.createIndex(Indexes.ascending("patientId", "dueAt"), new IndexOptions().name("by_patient"));
    reminders.createIndex(Indexes.ascending("status", "dueAt"), new IndexOptions().name("by_status"));
    reminders.createIndex(Indexes.ascending("claimToken"), new IndexOptions().name("by_claim").sparse(true));
  }

  /** A stored reminder as the app and the dispatcher see it. */
  public record StoredReminder(Tenant tenant, UUID reminderId, UUID planId, String patientId, ReminderKind kind,
      Instant dueAt, LocalDateTime localDue, @Nullable String focus, Status status, int attempts,
      @Nullable Instant readAt, List<String> reasons) {}

  /** Reminders one dispatcher took, under one claim token, until {@code leaseUntil}. */
  public record Claim(String token, Instant leaseUntil, List<StoredReminder> reminders) {}

  /** A due reminder a dispatcher may take: enough to choose by clinic and channel before claiming. */
  public record Candidate(String key, Tenant tenant, String patientId) {}

  /**
   * Takes up to {@code limit} reminders that are due (pending, or claimed by a dispatcher whose
   * lease ended) for {@code dispatcher}. Each is taken by one conditional update, so two
   * dispatchers never hold the same reminder: the one whose update did not match goes without.
   */
  public Claim claim(String dispatcher, Instant now, Duration lease, int limit) {
    return take(dispatcher, due(now, limit, Set.of()), now, lease);
  }

  /**
   * Up to {@code limit} reminders that could be taken now, leaving out the clinics in {@code skipping}
   * (those whose deliveries are at their cap in the asking dispatcher): pending ones by due time,
   * then retries whose time has come, then claims whose lease ended. Only equality and plain
   * range conditions, which the embedded store evaluates as well as a real MongoDB does.
   */
  public List<Candidate> due(Instant now, int limit, Collection<Tenant> skipping) {
    List<Candidate> candidates = new ArrayList<>();
    List<String> skipped = skipping.stream().map(Tenant::id).toList();
    candidates(List.of(eq("status", Status.PENDING.name()), lte("dueAt", Date.from(now))), skipped, true, limit,
        candidates);
    candidates(List.of(eq("status", Status.RETRYING.name()), lte("retryAt", Date.from(now))), skipped, false, limit,
        candidates);
    candidates(List.of(eq("status", Status.CLAIMED.name()), lt("leaseUntil", Date.from(now))), skipped, false, limit,
        candidates);
    return candidates;
  }

  private void candidates(List<Bson> takeable, List<String> skipped, boolean byDueTime, int limit,
      List<Candidate> into) {
    if (into.size() >= limit) {
      return;
    }
    List<Bson> conditions = new ArrayList<>(takeable);
    if (!skipped.isEmpty()) {
      conditions.add(nin("tenant", skipped));
    }
    var found = reminders.find(and(conditions)).projection(Projections.include("_id", "tenant", "patientId"))
        .limit(limit - into.size());
    for (Document doc : byDueTime ? found.sort(Sorts.ascending("dueAt")) : found) {
      into.add(new Candidate(doc.getString("_id"), Tenant.of(doc.getString("tenant")), doc.getString("patientId")));
    }
  }

  /**
   * When the next reminder becomes takeable: the earliest pending due time, retry time or end of a
   * claim's lease; empty when none is waiting. Three single-document reads, the first from the
   * (status, dueAt) index; retries and claims in flight are few.
   */
  public Optional<Instant> nextTakeable() {
    return Stream.of(earliest(Status.PENDING, "dueAt"), earliest(Status.RETRYING, "retryAt"),
        earliest(Status.CLAIMED, "leaseUntil")).flatMap(Optional::stream).min(Comparator.naturalOrder());
  }

  private Optional<Instant> earliest(Status status, String field) {
    Document first = reminders.find(and(eq("status", status.name()), exists(field)))
        .projection(Projections.include(field)).sort(Sorts.ascending(field)).limit(1).first();
    return first == null ? Optional.empty() : Optional.of(first.getDate(field).toInstant());
  }

  /**
   * Takes {@code chosen} (found by {@link #due}) for {@code dispatcher} until {@code now + lease}, those
   * still takeable: one conditional update, then what carries the new claim token is read back.
   * Each take counts as an attempt.
   */
  public Claim take(String dispatcher, Collection<Candidate> chosen, Instant now, Duration lease) {
    String token = dispatcher + "/" + UUID.randomUUID();
    Instant leaseUntil = now.plus(lease);
    if (chosen.isEmpty()) {
      return new Claim(token, leaseUntil, List.of());
    }
    reminders.updateMany(and(in("_id", chosen.stream().map(Candidate::key).toList()), takeable(now)),
        combine(set("status", Status.CLAIMED.name()), set("claimToken", token), set("claimedBy", dispatcher),
            set("leaseUntil", Date.from(leaseUntil)), inc("attempts", 1)));
    List<StoredReminder> claimed = new ArrayList<>();
    for (Document doc : reminders.find(eq("claimToken", token))) {
      claimed.add(stored(doc));
    }
    return new Claim(token, leaseUntil, claimed);
  }

  private static Bson takeable(Instant now) {
    return or(eq("status", Status.PENDING.name()),
        and(eq("status", Status.RETRYING.name()), lte("retryAt", Date.from(now))),
        and(eq("status", Status.CLAIMED.name()), lt("leaseUntil", Date.from(now))));
  }

  /**
   * Extends the claim on {@code reminder} to {@code now + lease}, if it is still this claim's (no
   * other dispatcher took it over after the lease ended): what a dispatcher does just before it
   * sends, and before it records a failure, so that nobody else can take the reminder meanwhile.
   * Held means matched: a renewal in the same millisecond as the claim writes the lease it already
   * has, which the store reports as not modified.
   */
  public boolean renew(Claim claim, StoredReminder reminder, Instant now, Duration lease) {
    return reminders.updateOne(held(claim, reminder), set("leaseUntil", Date.from(now.plus(lease))))
        .getMatchedCount() == 1;
  }

  /** Marks a claimed reminder delivered (or failed for good), if the claim is still this one's. */
  public boolean finish(Claim claim, StoredReminder reminder, Status outcome, Instant at) {
    return reminders.updateOne(held(claim, reminder), combine(set("status", outcome.name()),
        set("finishedAt", Date.from(at)), unset("claimToken"), unset("claimedBy"), unset("leaseUntil")))
        .getModifiedCount() == 1;
  }

  /**
   * Marks delivered reminders sent in one write, those whose claim is still this one's; answers
   * how many were.
   */
  public long finishSent(Claim claim, List<StoredReminder> sent, Instant at) {
    if (sent.isEmpty()) {
      return 0;
    }
    return reminders.updateMany(and(in("_id", sent.stream().map(r -> key(r.tenant(), r.reminderId())).toList()),
        eq("claimToken", claim.token()), eq("status", Status.CLAIMED.name())),
        combine(set("status", Status.SENT.name()), set("finishedAt", Date.from(at)), unset("claimToken"),
            unset("claimedBy"), unset("leaseUntil"))).getModifiedCount();
  }

  /** Gives a claimed reminder back to be tried again at {@code retryAt}, if the claim is still this one's. */
  public boolean retryLater(Claim claim, StoredReminder reminder, Instant retryAt, String lastError) {
    return reminders.updateOne(held(claim, reminder), combine(set("status", Status.RETRYING.name()),
        set("retryAt", Date.from(retryAt)), set("lastError", lastError), unset("claimToken"), unset("claimedBy"),
        unset("leaseUntil"))).getModifiedCount() == 1;
  }

  /**
   * The reminder as long as {@code claim} holds it. The token is unique to one claim round of one
   * dispatcher (it starts with the dispatcher's name), so a dispatcher whose lease ended and whose
   * reminder another took over (with a token of its own) matches nothing: it cannot overwrite the
   * other's result.
   */
  private static Bson held(Claim claim, StoredReminder reminder) {
    return and(eq("_id", key(reminder.tenant(), reminder.reminderId())), eq("claimToken", claim.token()),
        eq("status", Status.CLAIMED.name()));
  }

  /** The reminder, if it is this patient's. */
  public Optional<StoredReminder> ofPatient(Tenant tenant, PatientId patient, UUID reminderId) {
    return Optional.ofNullable(reminders.find(and(eq("_id", key(tenant, reminderId)),
        eq("patientId", patient.value()))).first()).map(Reminders::stored);
  }

  /** Marks a delivered reminder read, once: a second call keeps the first time. */
  public void markRead(Tenant tenant, UUID reminderId, Instant at) {
    reminders.updateOne(and(eq("_id", key(tenant, reminderId)), eq("status", Status.SENT.name()),
        exists("readAt", false)), set("readAt", Date.from(at)));
  }

  /** How many reminders are due and not yet taken: the backlog operations scale the dispatchers on. */
  public long dueBacklog(Instant now) {
    return reminders.countDocuments(and(eq("status", Status.PENDING.name()), lte("dueAt", Date.from(now))));
  }

  /**
   * Makes the stored schedule of {@code plan} within {@code [from, to)} what {@code planned} says:
   * new reminders are added, cancelled ones planned again come back, and pending ones no longer
   * planned are cancelled (or satisfied, for an exercise reminder on a day with a session). A
   * pending reminder already stored as planned is not written again: a plan is reconciled on every
   * session and plan event and by the planner, and almost always nothing has changed.
   *
   * @return whether anything was written (or tried: an upsert that met a sent reminder counts)
   */
  public boolean reconcile(Tenant tenant, ScheduledPlan plan, List<PlannedReminder> planned, Instant from,
      Instant to) {
    Bson stillPending = and(eq("planId", plan.planId().toString()), eq("tenant", tenant.id()),
        eq("status", Status.PENDING.name()), gte("dueAt", Date.from(from)), lt("dueAt", Date.from(to)));
    Map<String, Document> pending = new HashMap<>();
    for (Document doc : reminders.find(stillPending)) {
      pending.put(doc.getString("_id"), doc);
    }
    List<WriteModel<Document>> writes = new ArrayList<>();
    Set<String> wanted = new HashSet<>();
    for (PlannedReminder reminder : planned) {
      String key = key(tenant, reminder.reminderId());
      wanted.add(key);
      if (storedAsPlanned(pending.get(key), reminder)) {
        continue;
      }
      writes.add(new UpdateOneModel<>(and(eq("_id", key), in("status", Status.PENDING.name(), Status.CANCELLED.name())),
          combine(set("status", Status.PENDING.name()), set("dueAt", Date.from(reminder.dueAt())),
              set("localDue", reminder.localDue().toString()), set("focus", reminder.focus()),
              set("reasons", reminder.reasons()), setOnInsert("tenant", tenant.id()),
              setOnInsert("reminderId", reminder.reminderId().toString()),
              setOnInsert("planId", plan.planId().toString()), setOnInsert("patientId", plan.patientId().value()),
              setOnInsert("kind", reminder.kind().name())),
          new UpdateOptions().upsert(true)));
    }
    if (!writes.isEmpty()) {
      try {
        reminders.bulkWrite(writes, new BulkWriteOptions().ordered(false));
      } catch (MongoBulkWriteException e) {
        // a reminder already sent or satisfied keeps its status: its upsert collides, as intended
        if (e.getWriteErrors().stream().anyMatch(error -> ErrorCategory.fromErrorCode(error.getCode())
            != ErrorCategory.DUPLICATE_KEY)) {
          throw e;
        }
      }
    }
    boolean wrote = !writes.isEmpty();
    for (Document doc : pending.values()) {
      if (!wanted.contains(doc.getString("_id"))) {
        reminders.updateOne(and(eq("_id", doc.getString("_id")), eq("status", Status.PENDING.name())),
            set("status", noLongerNeeded(plan, doc).name()));
        wrote = true;
      }
    }
    return wrote;
  }

  /** Whether {@code stored} (a pending reminder, or null) is already what {@code planned} says. */
  private static boolean storedAsPlanned(@Nullable Document stored, PlannedReminder planned) {
    return stored != null
        && stored.getDate("dueAt").toInstant().equals(planned.dueAt())
        && planned.localDue().toString().equals(stored.getString("localDue"))
        && Objects.equals(planned.focus(), stored.getString("focus"))
        && planned.reasons().equals(stored.getList("reasons", String.class));
  }

  private static Status noLongerNeeded(ScheduledPlan plan, Document doc) {
    boolean exerciseDone = plan.running() && ReminderKind.EXERCISE.name().equals(doc.getString("kind"))
        && plan.sessionDays().contains(LocalDateTime.parse(doc.getString("localDue")).toLocalDate());
    return exerciseDone ? Status.SATISFIED : Status.CANCELLED;
  }

  /** The patient's reminders, by due time, optionally of one status and within {@code [from, to)}. */
  public List<StoredReminder> ofPatient(Tenant tenant, PatientId patient, @Nullable Status status,
      @Nullable Instant from, @Nullable Instant to, int skip, int limit) {
    List<StoredReminder> found = new ArrayList<>();
    for (Document doc : reminders.find(ofPatient(tenant, patient, status, from, to))
        .sort(Sorts.ascending("dueAt", "kind")).skip(skip).limit(limit)) {
      found.add(stored(doc));
    }
    return found;
  }

  public long countOfPatient(Tenant tenant, PatientId patient, @Nullable Status status, @Nullable Instant from,
      @Nullable Instant to) {
    return reminders.countDocuments(ofPatient(tenant, patient, status, from, to));
  }

  private static Bson ofPatient(Tenant tenant, PatientId patient, @Nullable Status status, @Nullable Instant from,
      @Nullable Instant to) {
    List<Bson> conditions = new ArrayList<>(List.of(eq("patientId", patient.value()), eq("tenant", tenant.id())));
    if (status != null) {
      conditions.add(eq("status", status.name()));
    }
    if (from != null) {
      conditions.add(gte("dueAt", Date.from(from)));
    }
    if (to != null) {
      conditions.add(lt("dueAt", Date.from(to)));
    }
    return and(conditions);
  }

  private static StoredReminder stored(Document doc) {
    return new StoredReminder(Tenant.of(doc.getString("tenant")), UUID.fromString(doc.getString("reminderId")),
        UUID.fromString(doc.getString("planId")), doc.getString("patientId"), ReminderKind.valueOf(doc.getString("kind")),
        doc.getDate("dueAt").toInstant(), LocalDateTime.parse(doc.getString("localDue")), doc.getString("focus"),
        Status.valueOf(doc.getString("status")), doc.getInteger("attempts", 0),
        doc.getDate("readAt") == null ? null : doc.getDate("readAt").toInstant(), doc.getList("reasons", String.class));
  }

  private static String key(Tenant tenant, UUID reminderId) {
    return tenant.id() + "/" + reminderId;
  }

  @Override
  public void forget(Tenant tenant, PatientErased erasure) {
    reminders.deleteMany(and(eq("tenant", tenant.id()), eq("patientId", erasure.patientId().value())));
  }
}
