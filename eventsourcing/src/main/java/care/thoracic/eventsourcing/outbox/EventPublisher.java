package care.thoracic.eventsourcing.outbox;

import care.thoracic.eventsourcing.store.Commit;
import java.util.List;

/** Where the outbox relay sends commits. */
public interface EventPublisher extends AutoCloseable {

  /**
   * Sends every event of {@code commits}, in order, and waits for the broker's acknowledgement.
   *
   * @return the commits that are fully acknowledged; for each stream a prefix of its commits in the
   *     batch, so a failed commit holds back the later ones of its stream (they go again, in order)
   */
  List<Commit> publish(List<Commit> commits) throws InterruptedException;

  @Override
  void close();
}
