package care.thoracic.platform.stream;

/** A caller asked for one live stream more than they may hold open at once (429). */
public class TooManyStreamsException extends RuntimeException {
  private final int allowed;

  public TooManyStreamsException(int allowed) {
    super("at most " + allowed + " live streams may be open at once; close one first");
    this.allowed = allowed;
  }

  public int allowed() {
    return allowed;
  }
}
