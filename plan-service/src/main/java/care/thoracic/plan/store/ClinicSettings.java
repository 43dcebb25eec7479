package care.thoracic.plan.store;

import static com.mongodb.client.model.Filters.eq;

import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.WorkItemKind;
import care.thoracic.plan.domain.WorkQueueDeadlines;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What a clinic sets for itself, one document per clinic ({@code _id} = the clinic): for now its
 * work-queue deadlines. A kind the clinic did not set follows the platform's default (CLINICAL §8,
 * {@code plan.work-queue.deadline.*}), so a default changed later reaches every clinic that kept it.
 */
@Singleton
public class ClinicSettings {
  /** A clinic's deadlines as they apply, which of them it set itself, and who set them last. */
  public record WorkQueueSettings(WorkQueueDeadlines deadlines, Map<WorkItemKind, Duration> setByClinic,
      String updatedBy, Instant updatedAt) {}

  private static final Set<String> KINDS = Arrays.stream(WorkItemKind.values()).map(Enum::name)
      .collect(Collectors.toSet());

  private final MongoCollection<Document> settings;
  private final WorkQueueDeadlines defaults;

  @Inject
  public ClinicSettings(MongoDatabase database,
      @ConfigProperty(name = "plan.work-queue.deadline.urgent") Duration urgent,
      @ConfigProperty(name = "plan.work-queue.deadline.high") Duration high,
      @ConfigProperty(name = "plan.work-queue.deadline.other") Duration other) {
    this.settings = database.getCollection("clinic_settings");
    this.defaults = WorkQueueDeadlines.defaults(urgent, high, other);
  }

  public WorkQueueSettings workQueue(Tenant tenant) {
    Optional<Document> stored = Optional.ofNullable(settings.find(eq("_id", tenant.id())).first());
    Map<WorkItemKind, Duration> setByClinic = new EnumMap<>(WorkItemKind.class);
    stored.map(doc -> doc.get("workQueueDeadlines", Document.class)).ifPresent(deadlines ->
        deadlines.forEach((kind, period) -> {
          if (KINDS.contains(kind)) { // a kind a later version added, read after a rollback: its default
            setByClinic.put(WorkItemKind.valueOf(kind), Duration.parse((String) period));
          }
        }));
    Map<WorkItemKind, Duration> effective = new EnumMap<>(defaults.periods());
    effective.putAll(setByClinic);
    return new WorkQueueSettings(new WorkQueueDeadlines(effective), Map.copyOf(setByClinic),
        stored.map(doc -> doc.getString("updatedBy")).orElse(null),
        stored.map(doc -> doc.getDate("updatedAt")).map(Date::toInstant).orElse(null));
  }

  /** Replaces what the clinic set; kinds it leaves out follow the defaults again. Validated by the caller. */
  public WorkQueueSettings setWorkQueue(Tenant tenant, Map<WorkItemKind, Duration> deadlines, String by,
      Instant at) {
    Document periods = new Document();
    deadlines.forEach((kind, period) -> periods.append(kind.name(), period.toString()));
    settings.replaceOne(eq("_id", tenant.id()), new Document("_id", tenant.id()).append("tenant", tenant.id())
        .append("workQueueDeadlines", periods).append("updatedBy", by).append("updatedAt", Date.from(at)),
        new ReplaceOptions().upsert(true));
    return workQueue(tenant);
  }

  public WorkQueueDeadlines defaults() {
    return defaults;
  }
}
