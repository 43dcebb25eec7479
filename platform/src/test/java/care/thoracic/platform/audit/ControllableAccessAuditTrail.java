package care.thoracic.platform.audit;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.PatientDataAccessed;
import care.thoracic.eventsourcing.store.Causation;
import care.thoracic.eventsourcing.store.StreamHead;
import com.mongodb.MongoTimeoutException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A trail a test can make slow, failing or silent, as a loaded or broken store would be. */
@Alternative
@ApplicationScoped
public class ControllableAccessAuditTrail extends AccessAuditTrail {
  enum Mode { WRITE_LATE, REFUSE, NEVER_ANSWER, WRITE_WHEN_RELEASED, FAIL_LATE }

  static volatile Mode mode = Mode.WRITE_LATE;
  /** Holds the writes of {@link Mode#WRITE_WHEN_RELEASED} until a test counts it down. */
  static volatile CountDownLatch release = new CountDownLatch(1);

  @Override
  public CompletionStage<Void> record(Tenant tenant, List<PatientDataAccessed> records) {
    return switch (mode) {
      case REFUSE -> CompletableFuture.failedFuture(new MongoTimeoutException("the store is down"));
      case NEVER_ANSWER -> new CompletableFuture<>();
      case FAIL_LATE -> CompletableFuture.runAsync(() -> {
        throw new MongoTimeoutException("the store went down after taking the records");
      }, CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));
      case WRITE_LATE -> CompletableFuture.runAsync(() -> write(tenant, records),
          CompletableFuture.delayedExecutor(400, TimeUnit.MILLISECONDS));
      case WRITE_WHEN_RELEASED -> {
        CountDownLatch held = release;
        yield CompletableFuture.runAsync(() -> {
          try {
            held.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          write(tenant, records);
        });
      }
    };
  }

  private void write(Tenant tenant, List<PatientDataAccessed> records) {
    String id = "audit-" + UUID.randomUUID();
    store.append(StreamHead.newStream(tenant, "access-" + UUID.randomUUID()), records,
        new Causation(id, id, Actor.service("progress-service")));
  }
}
