package care.thoracic.progress.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.setOnInsert;

import care.thoracic.contracts.PatientErasedException;
import care.thoracic.contracts.Tenant;
import care.thoracic.progress.domain.PlanFacts;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;

/**
 * When each running plan's daily check is next due ({@code progress_checks}, one document per plan:
 * {@code _id} {@code tenant/plan}, {@code dueAt}, and the patient-local day it was last checked on),
 * so the daily checks read only the plans that are due, through an index on {@code dueAt}, however
 * many plans and clinics there are. A plan is due from its start, then from the start of the day
 * after each check in its patient's zone.
 *
 * <p>Documents written before due dates (2026-12-02) hold only {@code checkedOn}; {@link
 * #giveDueDates} gives each running plan its due date, once.
 */
@Singleton
public class CheckDueDates {
  private final MongoCollection<Document> checks;

  @Inject
  public CheckDueDates(MongoDatabase database) {
    this.checks = database.getCollection("progress_checks");
    checks.createIndex(Indexes.ascending("dueAt"));
  }

  /** A plan whose check is due, within its tenant; {@code checkedOn} null when never checked. */
  public record Due(Tenant tenant, UUID planId, String checkedOn) {}

  /** A plan that starts is due at once; a redelivered start changes nothing. */
  public void planStarted(Tenant tenant, UUID planId, Instant at) {
    checks.updateOne(eq("_id", key(tenant, planId)), combine(setOnInsert("tenant", tenant.id()),
        setOnInsert("planId", planId.toString()), setOnInsert("dueAt", Date.from(at))), new UpdateOptions().upsert(true));
  }

  /** The plans due by {@code now}, the longest due first, at most {@code limit}. */
  public List<Due> dueBy(Instant now, int limit) {
    List<Due> due = new ArrayList<>();
    for (Document doc : checks.find(lte("dueAt", Date.from(now))).sort(Sorts.ascending("dueAt")).limit(limit)) {
      due.add(due(doc));
    }
    return due;
  }

  /** Checked on {@code day} in {@code zone}: due again when the patient's next day starts. */
  public void checked(Due plan, LocalDate day, ZoneId zone) {
    checks.updateOne(eq("_id", key(plan.tenant(), plan.planId())), combine(set("checkedOn", day.toString()),
        set("dueAt", Date.from(day.plusDays(1).atStartOfDay(zone).toInstant()))));
  }

  /** A check that failed is tried again from {@code at}. */
  public void retryAt(Due plan, Instant at) {
    checks.updateOne(eq("_id", key(plan.tenant(), plan.planId())), set("dueAt", Date.from(at)));
  }

  /** A plan that no longer runs (completed, erased) is never due again. */
  public void done(Due plan) {
    checks.deleteOne(eq("_id", key(plan.tenant(), plan.planId())));
  }

  /**
   * Plans kept from before due dates (2026-12-02): every running plan gets one, due at {@code now}
   * unless its last check (the only thing kept then) was on its patient's today; one that no longer
   * runs gets none. Doing it twice changes nothing.
   */
  public long giveDueDates(ProgressViews views, Instant now) {
    long given = 0;
    views.forEachRunningAcrossTenants((tenant, plan) -> planStarted(tenant, plan.planId(), now));
    List<Due> undated;
    while (!(undated = undated()).isEmpty()) {
      for (Due due : undated) { // each holds the day it was last checked on
        Optional<PlanFacts> facts;
        try {
          facts = views.facts(due.tenant(), due.planId());
        } catch (PatientErasedException e) {
          facts = Optional.empty();
        }
        if (facts.isPresent() && facts.get().running() && due.checkedOn() != null) {
          checked(due, LocalDate.parse(due.checkedOn()), facts.get().timezone());
          given++;
        } else {
          done(due);
        }
      }
    }
    return given;
  }

  private List<Due> undated() {
    List<Due> found = new ArrayList<>();
    for (Document doc : checks.find(and(exists("dueAt", false), exists("tenant", true))).limit(500)) {
      found.add(due(doc));
    }
    return found;
  }

  private static Due due(Document doc) {
    String id = doc.getString("_id");
    String planId = doc.getString("planId") != null ? doc.getString("planId") : id.substring(id.lastIndexOf('/') + 1);
    return new Due(Tenant.of(doc.getString("tenant")), UUID.fromString(planId), doc.getString("checkedOn"));
  }

  private static String key(Tenant tenant, UUID planId) {
    return tenant.id() + "/" + planId;
  }
}
