package care.thoracic.plan.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
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
import care.thoracic.plan.domain.CarePlan;
import care.thoracic.plan.domain.WorkItem;
import com.mongodb.client.MongoDatabase;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.bson.Document;
import org.bson.conversions.Bson;

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
 * ({@code closedAt}), in whichever order they come.
 * Deadlines are not stored: they follow the clinic's settings when read.
 */
@Singleton
public class WorkQueue implements Projection {
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

  private final ProjectionCollection items;
  private final PatientPayloads payloads;

  @Inject
  public WorkQueue(MongoDatabase database, PatientPayloads payloads) {
    this.payloads = payloads;
    this.items = new ProjectionCollection(database, "work_queue").index("acknowledged").index("planId");
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
  }

  private void close(EventEnvelope<?> envelope, UUID itemId, String because, Date at) {
    items.applyOnce(envelope, itemId.toString(), combine(set("itemId", itemId.toString()), set("closedAt", at),
        set("closedBecause", because), onInsertUntilOpened()));
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

  /** The clinic's open items, in no order: the queue's order depends on the clinic's deadlines. */
  public List<StoredItem> open(Tenant tenant) {
    List<StoredItem> open = new ArrayList<>();
    for (Document doc : items.find(tenant, OPEN)) {
      readable(tenant, doc).ifPresent(open::add);
    }
    return open;
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
