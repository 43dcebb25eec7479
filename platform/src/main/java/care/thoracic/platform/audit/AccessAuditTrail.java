package care.thoracic.platform.audit;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.PatientDataAccessed;
import care.thoracic.eventsourcing.config.CareConfig;
import care.thoracic.eventsourcing.store.Causation;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.eventsourcing.store.StreamHead;
import care.thoracic.platform.config.AuditConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Writes access records to the service's own event store, from where the outbox relay publishes
 * them on {@code care.audit.v1} like any event: once a record's future completes, the record is
 * committed and survives a crash. Requests' records are group-committed: a writer takes what is
 * queued (up to the batch size) and writes one commit per clinic among them, so a busy service
 * pays one store write per batch, not one per request. A full queue or a failing store fails the
 * futures; the caller decides what that means for its answer.
 *
 * <p>With {@code care.audit.answer-ahead} above 0, up to that many answers may leave before their
 * records are committed ({@link #answeringAhead}); the records of at most that many answers are
 * ever uncommitted after their answer, which bounds what a crash or an outage of the store loses.
 */
@ApplicationScoped
public class AccessAuditTrail {
  private static final Logger LOG = Logger.getLogger(AccessAuditTrail.class);
  /** Events in one commit document, at most: keeps a document far below MongoDB's 16 MB. */
  static final int MAX_EVENTS_PER_COMMIT = 1000;

  @Inject EventStore store;
  @Inject AuditConfig config;
  @Inject CareConfig care;
  @Inject MeterRegistry meters;

  private record Pending(Tenant tenant, List<PatientDataAccessed> records, CompletableFuture<Void> written) {}

  private BlockingQueue<Pending> queue;
  private final List<Thread> writers = new ArrayList<>();
  private volatile boolean accepting;
  /** Permits for answers leaving before their records are committed (none: every answer waits). */
  private Semaphore ahead;
  /** Permits of answers whose records failed after they left: given back once a write succeeds again. */
  private final AtomicInteger lostAhead = new AtomicInteger();

  @PostConstruct
  void bound() {
    ahead = new Semaphore(config.answerAhead());
  }

  void start(@Observes StartupEvent startup) {
    if (!config.enabled()) {
      LOG.warn("care.audit.enabled=false: accesses to patients' data are NOT recorded (a benchmark baseline only)");
      return;
    }
    queue = new ArrayBlockingQueue<>(config.queueCapacity());
    // a commit a request appends on its own thread is its change: such an answer is never withheld
    store.onAppend(commit -> {
      if (Arc.container().requestContext().isActive()) {
        Arc.container().instance(AccessAudit.class).get().appended(commit);
      }
    });
    accepting = true;
    for (int i = 0; i < config.writers(); i++) {
      Thread writer = Thread.ofPlatform().name("access-audit-writer-" + i).daemon().unstarted(this::write);
      writers.add(writer);
      writer.start();
    }
  }

  /** Stops taking records, writes what is queued, and waits (bounded) for the writers. */
  void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
    accepting = false;
    for (Thread writer : writers) {
      writer.join(TimeUnit.SECONDS.toMillis(10));
    }
  }

  /**
   * Records {@code records}, all of {@code tenant}'s clinic.
   *
   * @return completes once they are committed; fails if they cannot be (queue full, store down, stopping)
   */
  public CompletionStage<Void> record(Tenant tenant, List<PatientDataAccessed> records) {
    if (!config.enabled() || records.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    if (!accepting) {
      return CompletableFuture.failedFuture(new IllegalStateException("the service is stopping"));
    }
    // a long clinic list can show more patients than one commit holds: it is written in parts
    List<CompletableFuture<Void>> parts = new ArrayList<>();
    for (int from = 0; from < records.size(); from += MAX_EVENTS_PER_COMMIT) {
      Pending part = new Pending(tenant, List.copyOf(records.subList(from,
          Math.min(records.size(), from + MAX_EVENTS_PER_COMMIT))), new CompletableFuture<>());
      if (!queue.offer(part)) {
        meters.counter("care.audit.refused", "reason", "queue-full").increment();
        return CompletableFuture.failedFuture(new IllegalStateException("the audit queue is full"));
      }
      parts.add(part.written());
    }
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new));
  }

  /**
   * Whether the answer whose records {@code written} is writing may leave now: while fewer than
   * {@code care.audit.answer-ahead} answers wait for their records, and the records were accepted
   * (a full queue or a stopping service fails them at once, and the answer waits for that as always).
   * Records that then fail are logged as {@code UNAUDITED} and keep their permit until a write
   * succeeds again, so an outage of the store loses the records of at most the bound's answers.
   */
  public boolean answeringAhead(CompletionStage<Void> written, Tenant tenant, List<PatientDataAccessed> records) {
    CompletableFuture<Void> future = written.toCompletableFuture();
    boolean answeringAhead = !future.isCompletedExceptionally() && ahead.tryAcquire();
    future.whenComplete((committed, failure) -> {
      if (failure == null) { // the store writes: this answer's permit, and those of records lost before it
        ahead.release((answeringAhead ? 1 : 0) + lostAhead.getAndSet(0));
      } else if (answeringAhead) { // kept until a write succeeds: an outage loses at most the bound's records
        lostAhead.incrementAndGet();
        meters.counter("care.audit.unaudited", "withheld", "false").increment();
        LOG.errorf("UNAUDITED answered ahead of its records (%d of clinic %s), which then failed: %s; accesses %s",
            records.size(), tenant.id(), failure.toString(), records);
      }
    });
    return answeringAhead;
  }


  private void write() {
    List<Pending> batch = new ArrayList<>(config.batchSize());
    while (true) {
      Pending first;
      try {
        first = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (first == null) {
        if (!accepting) {
          return; // stopping, and everything queued is written
        }
        continue;
      }
      batch.add(first);
      queue.drainTo(batch, config.batchSize() - 1);
      commit(batch);
      batch.clear();
    }
  }

  private void commit(List<Pending> batch) {
    Map<Tenant, List<Pending>> byClinic = new LinkedHashMap<>();
    for (Pending pending : batch) {
      byClinic.computeIfAbsent(pending.tenant(), tenant -> new ArrayList<>()).add(pending);
    }
    byClinic.forEach((tenant, pendings) -> {
      List<Pending> chunk = new ArrayList<>();
      int events = 0;
      for (Pending pending : pendings) {
        if (events + pending.records().size() > MAX_EVENTS_PER_COMMIT && !chunk.isEmpty()) {
          commit(tenant, chunk);
          chunk = new ArrayList<>();
          events = 0;
        }
        chunk.add(pending);
        events += pending.records().size();
      }
      commit(tenant, chunk);
    });
  }

  /** One commit in a stream of its own: access records never contend with each other or with the clinic's streams. */
  private void commit(Tenant tenant, List<Pending> pendings) {
    List<PatientDataAccessed> events = new ArrayList<>();
    pendings.forEach(pending -> events.addAll(pending.records()));
    String id = "audit-" + UUID.randomUUID();
    try {
      store.append(StreamHead.newStream(tenant, "access-" + UUID.randomUUID()), events,
          new Causation(id, id, Actor.service(care.serviceName())));
      meters.counter("care.audit.recorded").increment(events.size());
      pendings.forEach(pending -> pending.written().complete(null));
    } catch (Throwable failure) { // a writer that dies would leave every later request waiting
      LOG.errorf("access records not written (%d records of clinic %s): %s", events.size(), tenant.id(),
          failure.toString());
      meters.counter("care.audit.refused", "reason", "store").increment();
      pendings.forEach(pending -> pending.written().completeExceptionally(failure));
    }
  }
}
