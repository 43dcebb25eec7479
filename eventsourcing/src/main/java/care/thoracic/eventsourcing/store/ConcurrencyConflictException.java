package care.thoracic.eventsourcing.store;

/**
 * Someone appended to the stream after it was read. A REST caller sees 409 and re-reads; a
 * consumer reloads and decides again.
 */
public class ConcurrencyConflictException extends RuntimeException {
  private final transient StreamHead expected;

  public ConcurrencyConflictException(StreamHead expected) {
    super("stream " + expected.streamId() + " moved past version " + expected.version());
    this.expected = expected;
  }

  public StreamHead expected() {
    return expected;
  }
}
