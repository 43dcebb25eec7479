package care.thoracic.progress.jobs;

import static com.mongodb.client.model.Filters.eq;

import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.eventsourcing.config.CareConfig;
import care.thoracic.eventsourcing.store.Causation;
import care.thoracic.eventsourcing.store.EventSourcedRepository;
import care.thoracic.progress.domain.PlanFacts;
import care.thoracic.progress.domain.PlanProgress;
import care.thoracic.progress.store.ProgressViews;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * The time-based rules of CLINICAL §5 (assessments every four weeks, no improvement, worsening
 * pain), once a day per running plan, on its patient's day, on the injected clock. A plan checked
 * today is skipped until tomorrow; several instances may check at once, because the decider
 * decides nothing twice (assessments and flags are named by the plan, and an open flag is never
 * raised again).
 */
@ApplicationScoped
public class ProgressChecks {
  private static final Logger LOG = Logger.getLogger(ProgressChecks.class);
  private static final int ATTEMPTS_ON_CONFLICT = 3;

  @Inject EventSourcedRepository<PlanProgress.Command, CareEvent, PlanProgress.State> progress;
  @Inject ProgressViews views;
  @Inject MongoDatabase database;
  @Inject Clock clock;
  @Inject CareConfig config;

  @Scheduled(every = "${progress.checks.every:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    checkDuePlans();
  }

  /** @return how many plans had something decided (an assessment or a flag) */
  public int checkDuePlans() {
    MongoCollection<Document> checks = database.getCollection("progress_checks");
    Map<String, String> checkedOn = new HashMap<>();
    for (Document doc : checks.find()) {
      checkedOn.put(doc.getString("_id"), doc.getString("checkedOn"));
    }
    int[] decided = {0};
    views.forEachRunningAcrossTenants((tenant, plan) -> {
      String key = tenant.id() + "/" + plan.planId();
      LocalDate today = LocalDate.now(clock.withZone(plan.timezone()));
      if (today.toString().equals(checkedOn.get(key))) {
        return;
      }
      try {
        decided[0] += check(tenant, plan, today) ? 1 : 0;
        checks.replaceOne(eq("_id", key), new Document("_id", key).append("tenant", tenant.id())
            .append("checkedOn", today.toString()), new ReplaceOptions().upsert(true));
      } catch (RuntimeException e) { // one plan's trouble must not stop the others' checks
        LOG.errorf(e, "progress check of plan %s (%s) failed; it is tried again on the next run", plan.planId(), tenant);
      }
    });
    return decided[0];
  }

  private boolean check(Tenant tenant, PlanFacts plan, LocalDate today) {
    var result = progress.handleRetrying(tenant, PlanProgress.streamId(plan.planId()),
        new PlanProgress.Check(plan, today), Causation.scheduled(config.serviceName(), "progress-check"),
        ATTEMPTS_ON_CONFLICT);
    return !result.appended().isEmpty();
  }
}
