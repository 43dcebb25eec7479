package care.thoracic.eventsourcing;

import care.thoracic.eventsourcing.outbox.EventPublisher;
import care.thoracic.eventsourcing.store.Commit;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps the real Kafka publisher to stage a relay's failures: {@link #freeze()} makes the relay
 * hang inside publish as a killed or stalled process would (it stops renewing its lease);
 * {@link #crashAfterPublishing(int)} makes it die after Kafka acknowledged but before the commits
 * were marked published.
 */
final class FreezablePublisher implements EventPublisher {
  private final EventPublisher delegate;
  private volatile CountDownLatch frozen;
  private final AtomicInteger crashesLeft = new AtomicInteger();
  private final AtomicInteger batchesPublished = new AtomicInteger();

  FreezablePublisher(EventPublisher delegate) {
    this.delegate = delegate;
  }

  void freeze() {
    frozen = new CountDownLatch(1);
  }

  void thaw() {
    CountDownLatch latch = frozen;
    frozen = null;
    if (latch != null) {
      latch.countDown();
    }
  }

  void crashAfterPublishing(int times) {
    crashesLeft.set(times);
  }

  int batchesPublished() {
    return batchesPublished.get();
  }

  @Override
  public List<Commit> publish(List<Commit> commits) throws InterruptedException {
    CountDownLatch latch = frozen;
    if (latch != null) {
      latch.await();
    }
    List<Commit> acknowledged = delegate.publish(commits);
    batchesPublished.incrementAndGet();
    if (crashesLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("staged crash between publish and mark");
    }
    return acknowledged;
  }

  @Override
  public void close() {
    thaw();
    delegate.close();
  }
}
