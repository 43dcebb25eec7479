package care.thoracic.plan.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.setOnInsert;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.PatientErasedException;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.DecidedBy;
import care.thoracic.contracts.clinical.WorkItemKind;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.EventType;
import care.thoracic.contracts.events.PatientErased;
import care.thoracic.contracts.events.PhaseAdvanced;
import care.thoracic.contracts.events.PhaseHeld;
import care.thoracic.contracts.events.PlanApproved;
import care.thoracic.contracts.events.PlanAwaitingApproval;
import care.thoracic.contracts.events.PlanCompleted;
import care.thoracic.contracts.events.PlanResumed;
import care.thoracic.contracts.events.PlanRetriaged;
import care.thoracic.contracts.events.PlanSuspended;
import care.thoracic.contracts.events.RedFlagRaised;
import care.thoracic.contracts.events.RetriageDecided;
import care.thoracic.contracts.events.WorkItemAcknowledged;
import care.thoracic.contracts.events.WorkItemEscalated;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.eventsourcing.projection.Projection;
import care.thoracic.eventsourcing.projection.ProjectionCollection;
import care.thoracic.eventsourcing.store.OneOffChanges;
import care.thoracic.plan.domain.CarePlan;
import care.thoracic.plan.domain.WorkItem;
import care.thoracic.plan.domain.WorkQueueDeadlines;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

/**
 * The clinic's work queue (CLINICAL §8): one document per thing waiting for a clinician, opened and
 * closed by the events that raise and settle it, and marked by what people did about it.
 *
 * <ul>
 *   <li>a red flag ({@code flag:<flagId>}, kind by severity): open until a resume resolves it or its plan ends;
 *       a triage's flag belongs to the plan that triage proposes, whose approval settles it too, until a
 *       suspension names the plan it suspended. A flag with no plan (an URGENT triage of a patient with
 *       none) stays until a later version gives clinicians a way to close it; acknowledged, it sorts last;
 *   <li>a plan awaiting approval ({@code approval:<planId>}): until approved or ended;
 *   <li>a review request, a second hold in a row ({@code review:<event id>}): until the phase is advanced,
 *       held by a clinician, or the plan ends; later holds of the same run ask within the same item;
 *   <li>a re-triage ({@code retriage:<triageId>}): until decided or the plan ends.
 * </ul>
 *
 * <p>A closing event may arrive before its opening one (flags and plans are on different topics):
 * an item is open once its opening event has arrived ({@code kind}) and until one has closed it
 * ({@code closedAt}), in whichever order they come. While open it is {@code queued}, with its place
 * in the queue ({@code queueKey}, {@link WorkQueueDeadlines#queueKey}) computed under the clinic's
 * deadlines, which it names ({@code keyedWith}); the queue is read a page at a time from an index
 * in that order, after what opened since the last read is placed ({@link #placeNew}). Everything is
 * placed again when the clinic changes its deadlines ({@link #placeUnder}), and by a job where it
 * was placed under other deadlines ({@link #placeEveryClinicUnder}). Items stored before places
 * (2026-12-02) are queued once, on the first read.
 */
@Singleton
public class WorkQueue implements Projection {
  private static final Logger LOG = Logger.getLogger(WorkQueue.class);
  public enum Status { OPEN, CLOSED }

  /** One item as stored; its deadlines come from the clinic's settings. */
  public record StoredItem(UUID itemId, WorkItemKind kind, String patientId, UUID planId, List<String> reasons,
      Instant openedAt, Status status, Instant closedAt, String closedBecause, String acknowledgedBy,
      Instant acknowledgedAt, int escalations, Instant lastEscalatedAt) {

    public WorkItem.Subject subject() {
      return new WorkItem.Subject(itemId, PatientId.of(patientId), kind, planId);
    }

    public boolean acknowledged() {
      return acknowledgedBy != null;
    }
  }

  private static final List<WorkItemKind> FLAG_KINDS = List.of(WorkItemKind.URGENT_RED_FLAG,
      WorkItemKind.HIGH_RED_FLAG, WorkItemKind.MODERATE_RED_FLAG);
  private static final Set<EventType> HANDLED = EnumSet.of(EventType.RED_FLAG_RAISED, EventType.PLAN_SUSPENDED,
      EventType.PLAN_RESUMED, EventType.PLAN_AWAITING_APPROVAL, EventType.PLAN_APPROVED, EventType.PHASE_HELD,
      EventType.PHASE_ADVANCED, EventType.PLAN_COMPLETED, EventType.PLAN_RETRIAGED, EventType.RETRIAGE_DECIDED,
      EventType.WORK_ITEM_ACKNOWLEDGED, EventType.WORK_ITEM_ESCALATED);

  /** Opened (its opening event has arrived: it has a kind) and not closed. */
  private static final Bson OPEN = and(exists("kind"), exists("closedAt", false));

  /** Placed under no deadlines yet: sorts before every {@link WorkQueueDeadlines#fingerprint}. */
  private static final String NOT_PLACED = "";
  private static final int PLACING_BATCH = 500;

  private final ProjectionCollection items;
  private final PatientPayloads payloads;
  private final OneOffChanges oneOffChanges;
  private volatile boolean itemsFromBeforeQueued;

  @Inject
  public WorkQueue(MongoDatabase database, PatientPayloads payloads) {
    this.payloads = payloads;
    this.items = new ProjectionCollection(database, "work_queue").index("acknowledged").index("planId")
        .index("queued", "acknowledged", "queueKey").index("queued", "kind", "acknowledged", "queueKey")
        .index("queued", "keyedWith").indexAcrossTenants("queued", "tenant", "keyedWith");
    this.oneOffChanges = new OneOffChanges(database, "plan_migrations", Clock.systemUTC());
  }

  @Override
  public String name() {
    return "work-queue";
  }

  @Override
  public Set<EventType> handles() {
    return HANDLED;
  }

  public static UUID flagItem(UUID flagId) {
    return WorkItem.itemId("flag:" + flagId);
  }

  public static UUID approvalItem(UUID planId) {
    return WorkItem.itemId("approval:" + planId);
  }

  public static UUID retriageItem(UUID triageId) {
    return WorkItem.itemId("retriage:" + triageId);
  }

  @Override
  public void apply(EventEnvelope<? extends CareEvent> envelope) {
    Date at = Date.from(envelope.metadata().occurredAt());
    switch (envelope.event()) {
      case RedFlagRaised flag -> open(envelope, flagItem(flag.flagId()), WorkItemKind.of(flag.severity()),
          flag.patientId(), flag.planId() != null ? flag.planId() : CarePlan.planId(flag.triageId()), flag.reasons());
      case PlanSuspended suspended when suspended.flagId() != null -> // the flag's item now knows its plan
          items.applyOnce(envelope, flagItem(suspended.flagId()).toString(), combine(
              set("planId", suspended.planId().toString()), onInsertUntilOpened()));
      case PlanResumed resumed -> resumed.resolvedFlagIds().forEach(flagId ->
          close(envelope, flagItem(flagId), "resolved by resuming the plan", at));
      case PlanAwaitingApproval awaiting -> open(envelope, approvalItem(awaiting.planId()), WorkItemKind.APPROVAL,
          awaiting.patientId(), awaiting.planId(), awaiting.reasons());
      case PlanApproved approved -> {
        close(envelope, approvalItem(approved.planId()), "approved", at);
        for (WorkItemKind flagKind : FLAG_KINDS) { // the triage's flags, which the approval weighed
          closeOpen(envelope, approved.planId(), flagKind, "reviewed with the plan's approval", at);
        }
      }
      case PhaseHeld held when held.decidedBy() == DecidedBy.CLINICIAN ->
          closeOpen(envelope, held.planId(), WorkItemKind.REVIEW_REQUEST, "a clinician held the phase", at);
      case PhaseHeld held when held.clinicianReviewRequested() -> {
        if (openItems(envelope.tenant(), held.planId(), WorkItemKind.REVIEW_REQUEST).isEmpty()) {
          open(envelope, WorkItem.itemId("review:" + envelope.metadata().eventId()), WorkItemKind.REVIEW_REQUEST,
              held.patientId(), held.planId(), held.reasons());
        }
      }
      case PhaseAdvanced advanced ->
          closeOpen(envelope, advanced.planId(), WorkItemKind.REVIEW_REQUEST, "the phase advanced", at);
      case PlanRetriaged retriage -> open(envelope, retriageItem(retriage.triageId()), WorkItemKind.RE_TRIAGED,
          retriage.patientId(), retriage.planId(), retriage.reasons());
      case RetriageDecided decided -> close(envelope, retriageItem(decided.triageId()),
          "decided: " + decided.decision(), at);
      case PlanCompleted completed -> closeOpen(envelope, completed.planId(), null, "the plan ended", at);
      case WorkItemAcknowledged acknowledged -> items.applyOnce(envelope, acknowledged.itemId().toString(), combine(
          set("acknowledgedBy", acknowledged.acknowledgedBy()), set("acknowledgedAt", at), set("acknowledged", true),
          setOnInsert("escalations", 0)));
      case WorkItemEscalated escalated -> items.applyOnce(envelope, escalated.itemId().toString(), combine(
          set("escalations", escalated.level()), set("lastEscalatedAt", at), // in order: one stream, one topic
          setOnInsert("acknowledged", false)));
      default -> { }
    }
  }

  private void open(EventEnvelope<?> envelope, UUID itemId, WorkItemKind kind, PatientId patient, UUID planId,
      List<String> reasons) {
    List<Bson> fields = new ArrayList<>(List.of(set("itemId", itemId.toString()), set("kind", kind.name()),
        set("patientId", patient.value()),
        set("reasons", SealedReasons.seal(payloads, envelope.tenant(), patient, place(itemId.toString()), reasons)),
        set("openedAt", Date.from(envelope.metadata().occurredAt())), onInsertUntilOpened()));
    if (planId != null) {
      fields.add(set("planId", planId.toString()));
    }
    items.applyOnce(envelope, itemId.toString(), combine(fields));
    queueUnlessClosed(envelope.tenant(), itemId.toString()); // also on a redelivery: the first may have stopped here
  }

  /** Queued once opened, unless a closing event came first; placed when the queue is next read. */
  private void queueUnlessClosed(Tenant tenant, String itemId) {
    items.updateIf(tenant, itemId, and(exists("closedAt", false), exists("queued", false)),
        combine(set("queued", true), set("keyedWith", NOT_PLACED)));
  }

  private void close(EventEnvelope<?> envelope, UUID itemId, String because, Date at) {
    items.applyOnce(envelope, itemId.toString(), combine(set("itemId", itemId.toString()), set("closedAt", at),
        set("closedBecause", because), set("queued", false), onInsertUntilOpened()));
  }

  /** Closes the plan's open items of {@code kind} (of every kind when null). */
  private void closeOpen(EventEnvelope<?> envelope, UUID planId, WorkItemKind kind, String because, Date at) {
    openItems(envelope.tenant(), planId, kind).forEach(itemId -> close(envelope, itemId, because, at));
  }

  private List<UUID> openItems(Tenant tenant, UUID planId, WorkItemKind kind) {
    Bson filter = and(eq("planId", planId.toString()), OPEN);
    List<UUID> open = new ArrayList<>();
    for (Document doc : items.find(tenant, kind == null ? filter : and(filter, eq("kind", kind.name())))) {
      open.add(UUID.fromString(doc.getString("itemId")));
    }
    return open;
  }

  /** Whichever event comes first creates the document: the fields every later read expects. */
  private static Bson onInsertUntilOpened() {
    return combine(setOnInsert("acknowledged", false), setOnInsert("escalations", 0));
  }

  @Override
  public void forget(Tenant tenant, PatientErased erasure) {
    items.forget(tenant, eq("patientId", erasure.patientId().value()));
  }

  @Override
  public void reset() {
    items.dropAll();
  }

  public Optional<StoredItem> item(Tenant tenant, UUID itemId) {
    return items.get(tenant, itemId.toString()).filter(doc -> doc.containsKey("kind")).map(doc -> item(tenant, doc));
  }

  /**
   * Places what opened since the clinic's queue was last read under {@code deadlines}: a read costs
   * what is new, not what the queue holds. What is already placed keeps its place, even when this
   * instance's defaults differ from those it was placed under (a rolling deployment changing them):
   * a read re-placing everything would cost the whole queue each time, and two instances
   * disagreeing would undo each other at every read. The deadlines shown are always the reader's.
   */
  public void placeNew(Tenant tenant, WorkQueueDeadlines deadlines) {
    queueItemsFromBeforeOnce();
    place(tenant, eq("keyedWith", NOT_PLACED), deadlines);
  }

  /**
   * Gives every queued item of the clinic placed under other deadlines, or none yet, its place under
   * {@code deadlines}: when the clinic changed them, or at start when this instance's defaults
   * differ from those the queue was placed under. Each is written only if no one placed it meanwhile.
   */
  public void placeUnder(Tenant tenant, WorkQueueDeadlines deadlines) {
    queueItemsFromBeforeOnce();
    String fingerprint = deadlines.fingerprint();
    place(tenant, lt("keyedWith", fingerprint), deadlines); // NOT_PLACED sorts first
    place(tenant, gt("keyedWith", fingerprint), deadlines);
  }

  private void place(Tenant tenant, Bson placedOtherwise, WorkQueueDeadlines deadlines) {
    String fingerprint = deadlines.fingerprint();
    List<Document> found;
    int batches = 0;
    do { // bounded: two writers under different deadlines (a change in flight) must not pass one item forever
      found = items.find(tenant, and(eq("queued", true), placedOtherwise))
          .projection(Projections.include("itemId", "kind", "openedAt", "keyedWith")).limit(PLACING_BATCH)
          .into(new ArrayList<>());
      for (Document doc : found) {
        items.updateFound(doc, and(eq("queued", true), eq("keyedWith", doc.getString("keyedWith"))), combine(
            set("queueKey", deadlines.queueKey(WorkItemKind.valueOf(doc.getString("kind")),
                doc.getDate("openedAt").toInstant(), UUID.fromString(doc.getString("itemId")))),
            set("keyedWith", fingerprint)));
      }
    } while (found.size() == PLACING_BATCH && ++batches < 1_000);
  }

  /**
   * Each clinic whose queue holds items placed under deadlines other than its own as this instance
   * reads them (its settings over this instance's defaults) is placed again: what a read under
   * settings just replaced placed, or an instance still on other defaults. Reads the queued items'
   * clinic and fingerprint from an index; a clinic in order costs nothing more. One clinic's
   * trouble does not stop the others'.
   *
   * @return the clinics placed again
   */
  public int placeEveryClinicUnder(Function<Tenant, WorkQueueDeadlines> deadlinesOf) {
    Map<String, Set<String>> fingerprintsByClinic = new HashMap<>();
    for (Document doc : items.findAcrossTenants(eq("queued", true))
        .projection(Projections.fields(Projections.include("tenant", "keyedWith"), Projections.excludeId()))) {
      fingerprintsByClinic.computeIfAbsent(doc.getString("tenant"), clinic -> new HashSet<>())
          .add(doc.getString("keyedWith"));
    }
    int placed = 0;
    for (Map.Entry<String, Set<String>> clinic : fingerprintsByClinic.entrySet()) {
      Tenant tenant = Tenant.of(clinic.getKey());
      try {
        WorkQueueDeadlines deadlines = deadlinesOf.apply(tenant);
        if (!Set.of(NOT_PLACED, deadlines.fingerprint()).containsAll(clinic.getValue())) {
          placeUnder(tenant, deadlines);
          placed++;
        }
      } catch (RuntimeException e) {
        LOG.errorf(e, "the work queue of %s was not placed again; the next run tries again", tenant);
      }
    }
    return placed;
  }

  /**
   * A page of the clinic's queue, of one kind and acknowledgement when given: unacknowledged items
   * first, then by place ({@link #placeNew} first), read from an index in that order.
   */
  public List<StoredItem> page(Tenant tenant, WorkItemKind kind, Boolean acknowledged, int skip, int limit) {
    List<StoredItem> page = new ArrayList<>();
    Bson order = acknowledged == null ? Sorts.ascending("acknowledged", "queueKey") : Sorts.ascending("queueKey");
    for (Document doc : items.find(tenant, queued(kind, acknowledged)).sort(order).skip(skip).limit(limit)) {
      readable(tenant, doc).ifPresent(page::add);
    }
    return page;
  }

  /** How many items the clinic's queue holds, of one kind and acknowledgement when given, up to {@code atMost}. */
  public long count(Tenant tenant, WorkItemKind kind, Boolean acknowledged, int atMost) {
    return items.count(tenant, queued(kind, acknowledged), atMost);
  }

  private static Bson queued(WorkItemKind kind, Boolean acknowledged) {
    List<Bson> conditions = new ArrayList<>(List.of(eq("queued", true)));
    if (kind != null) {
      conditions.add(eq("kind", kind.name()));
    }
    if (acknowledged != null) {
      conditions.add(eq("acknowledged", acknowledged));
    }
    return and(conditions);
  }

  /**
   * Items opened before the queue kept places (2026-12-02) are queued, once per store, on the first
   * read. If that fails, the read goes on without them and the next read tries again.
   */
  private void queueItemsFromBeforeOnce() {
    if (!itemsFromBeforeQueued) {
      try {
        oneOffChanges.runOnce("work-queue-places", () -> {
          long queued = 0;
          for (Document doc : items.findAcrossTenants(and(OPEN, exists("queued", false)))) {
            items.updateFound(doc, and(OPEN, exists("queued", false)),
                combine(set("queued", true), set("keyedWith", NOT_PLACED)));
            queued++;
          }
          return queued;
        });
        itemsFromBeforeQueued = true;
      } catch (RuntimeException e) {
        LOG.errorf(e, "work-queue items kept from before places were not all queued; the next read tries again");
      }
    }
  }

  /** For the escalation job only: every clinic's open, unacknowledged items, each with its tenant. */
  public void forEachUnacknowledgedAcrossTenants(BiConsumer<Tenant, StoredItem> action) {
    for (Document doc : items.findAcrossTenants(and(OPEN, eq("acknowledged", false)))) {
      Tenant tenant = Tenant.of(doc.getString("tenant"));
      readable(tenant, doc).ifPresent(item -> action.accept(tenant, item));
    }
  }

  /** The item, unless its patient was erased a moment ago (the queue forgets their items shortly). */
  private Optional<StoredItem> readable(Tenant tenant, Document doc) {
    try {
      return Optional.of(item(tenant, doc));
    } catch (PatientErasedException e) {
      return Optional.empty();
    }
  }

  private static String place(String itemId) {
    return "work_queue/" + itemId + "/reasons";
  }

  private StoredItem item(Tenant tenant, Document doc) {
    String itemId = doc.getString("itemId");
    return new StoredItem(UUID.fromString(itemId), WorkItemKind.valueOf(doc.getString("kind")),
        doc.getString("patientId"), uuid(doc.getString("planId")), SealedReasons.open(payloads, tenant,
            PatientId.of(doc.getString("patientId")), place(itemId), doc.get("reasons")),
        instant(doc.getDate("openedAt")), doc.containsKey("closedAt") ? Status.CLOSED : Status.OPEN,
        instant(doc.getDate("closedAt")),
        doc.getString("closedBecause"), doc.getString("acknowledgedBy"), instant(doc.getDate("acknowledgedAt")),
        doc.getInteger("escalations", 0), instant(doc.getDate("lastEscalatedAt")));
  }

  private static UUID uuid(String text) {
    return text == null ? null : UUID.fromString(text);
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}
