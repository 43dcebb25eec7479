package care.thoracic.eventsourcing.decider;

/** The aggregate refuses a command in its current state (answered 409 with the reason). */
public class CommandRejectedException extends RuntimeException {
  public CommandRejectedException(String reason) {
    super(reason);
  }
}
