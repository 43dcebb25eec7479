package care.thoracic.plan.store;

import static com.mongodb.client.model.Filters.eq;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.WorkItemKind;
import care.thoracic.contracts.events.ProtocolPinned;
import care.thoracic.contracts.events.WorkQueueDeadlinesSet;
import care.thoracic.eventsourcing.store.Causation;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.eventsourcing.store.LoadedStream;
import care.thoracic.plan.domain.WorkQueueDeadlines;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What a clinic sets for itself in plan-service: its work-queue deadlines, and the protocol version
 * its new plans pin. Every setting is an event ({@link WorkQueueDeadlinesSet} on the clinic's stream
 * {@value #WORK_QUEUE_STREAM}, {@link ProtocolPinned} on {@value #PROTOCOL_STREAM}: who and when in
 * its metadata, why in its reason); the newest of each applies. A kind the clinic did not set
 * follows the platform's default (CLINICAL §8, {@code plan.work-queue.deadline.*}), so a default
 * changed later reaches every clinic that kept it. A clinic that set its deadlines before settings
 * were events has them in {@code clinic_settings} (who and when, no reason), read until it sets
 * them again.
 */
@Singleton
public class ClinicSettings {
  static final String WORK_QUEUE_STREAM = "clinic-work-queue";
  static final String PROTOCOL_STREAM = "clinic-protocol";

  /** A clinic's deadlines as they apply, which of them it set itself, and who set them last, when and why. */
  public record WorkQueueSettings(WorkQueueDeadlines deadlines, Map<WorkItemKind, Duration> setByClinic,
      String updatedBy, Instant updatedAt, String reason) {}

  /** The protocol version the clinic pins new plans to (null: the current one), and who chose it, when and why. */
  public record ProtocolSetting(String pinned, String updatedBy, Instant updatedAt, String reason) {}

  private static final Set<String> KINDS = Arrays.stream(WorkItemKind.values()).map(Enum::name)
      .collect(Collectors.toSet());

  private final MongoCollection<Document> before;
  private final EventStore store;
  private final WorkQueueDeadlines defaults;

  @Inject
  public ClinicSettings(MongoDatabase database, EventStore store,
      @ConfigProperty(name = "plan.work-queue.deadline.urgent") Duration urgent,
      @ConfigProperty(name = "plan.work-queue.deadline.high") Duration high,
      @ConfigProperty(name = "plan.work-queue.deadline.other") Duration other) {
    this.before = database.getCollection("clinic_settings");
    this.store = store;
    this.defaults = WorkQueueDeadlines.defaults(urgent, high, other);
  }

  public WorkQueueSettings workQueue(Tenant tenant) {
    Optional<EventEnvelope<WorkQueueDeadlinesSet>> setting = store.load(tenant, WORK_QUEUE_STREAM)
        .newest(WorkQueueDeadlinesSet.class);
    if (setting.isPresent()) {
      EventEnvelope<WorkQueueDeadlinesSet> newest = setting.get();
      return applied(newest.event().periods(), newest.metadata().actor().id(), newest.metadata().occurredAt(),
          newest.event().reason());
    }
    Document stored = before.find(eq("_id", tenant.id())).first();
    if (stored == null) {
      return applied(Map.of(), null, null, null);
    }
    Map<WorkItemKind, Duration> set = new EnumMap<>(WorkItemKind.class);
    Document deadlines = stored.get("workQueueDeadlines", Document.class);
    if (deadlines != null) {
      deadlines.forEach((name, period) -> {
        if (KINDS.contains(name)) { // a kind a later version added, read after a rollback: its default
          set.put(WorkItemKind.valueOf(name), Duration.parse((String) period));
        }
      });
    }
    return applied(set, stored.getString("updatedBy"),
        stored.getDate("updatedAt") == null ? null : stored.getDate("updatedAt").toInstant(), null);
  }

  /**
   * Replaces what the clinic set; kinds it leaves out follow the defaults again. Validated by the caller.
   *
   * @throws care.thoracic.eventsourcing.store.ConcurrencyConflictException if another admin set them meanwhile
   */
  public WorkQueueSettings setWorkQueue(Tenant tenant, Map<WorkItemKind, Duration> deadlines, String reason,
      Causation causation) {
    List<WorkQueueDeadlinesSet.Deadline> periods = deadlines.entrySet().stream()
        .map(set -> new WorkQueueDeadlinesSet.Deadline(set.getKey(), set.getValue().toString())).toList();
    LoadedStream settings = store.load(tenant, WORK_QUEUE_STREAM);
    store.append(settings.head(), List.of(new WorkQueueDeadlinesSet(periods, reason)), causation);
    return workQueue(tenant);
  }

  public ProtocolSetting protocol(Tenant tenant) {
    return store.load(tenant, PROTOCOL_STREAM).newest(ProtocolPinned.class).map(newest -> new ProtocolSetting(
        newest.event().version(), newest.metadata().actor().id(), newest.metadata().occurredAt(),
        newest.event().reason())).orElse(new ProtocolSetting(null, null, null, null));
  }

  /**
   * Pins the clinic's new plans to {@code version} (null: the current one). Validated by the caller.
   *
   * @throws care.thoracic.eventsourcing.store.ConcurrencyConflictException if another admin chose meanwhile
   */
  public ProtocolSetting pinProtocol(Tenant tenant, String version, String reason, Causation causation) {
    LoadedStream settings = store.load(tenant, PROTOCOL_STREAM);
    store.append(settings.head(), List.of(new ProtocolPinned(version, reason)), causation);
    return protocol(tenant);
  }

  public WorkQueueDeadlines defaults() {
    return defaults;
  }

  private WorkQueueSettings applied(Map<WorkItemKind, Duration> setByClinic, String by, Instant at, String reason) {
    Map<WorkItemKind, Duration> effective = new EnumMap<>(defaults.periods());
    effective.putAll(setByClinic);
    return new WorkQueueSettings(new WorkQueueDeadlines(effective), Map.copyOf(setByClinic), by, at, reason);
  }
}
