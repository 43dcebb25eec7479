package care.thoracic.platform.stream;

/** A caller asked for one live stream (or stream ticket) more than they may hold at once (429). */
public class TooManyStreamsException extends RuntimeException {
  private final int allowed;

  public TooManyStreamsException(int allowed) {
    this(allowed, "at most " + allowed + " live streams may be open at once; close one first");
  }

  TooManyStreamsException(int allowed, String message) {
    super(message);
    this.allowed = allowed;
  }

  public int allowed() {
    return allowed;
  }
}
