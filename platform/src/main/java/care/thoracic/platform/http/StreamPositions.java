package care.thoracic.platform.http;

import care.thoracic.platform.problem.InvalidInputException;

/** Where a client resumes a stream: the id of the last event it received ({@code Last-Event-ID}, or a parameter). */
public final class StreamPositions {
  /** The largest whole number a JavaScript client holds exactly (2^53 - 1): no stream gets near it. */
  static final long LARGEST = 9_007_199_254_740_991L;

  private StreamPositions() {}

  /**
   * The position in {@code text}, 0 when it is absent or blank (from the start).
   *
   * @throws InvalidInputException naming {@code field} when it is not a whole number from 0 to 2^53 - 1
   */
  public static long after(String field, String text, String meaning) {
    if (text == null || text.isBlank()) {
      return 0;
    }
    try {
      long position = Long.parseLong(text.trim());
      if (position >= 0 && position <= LARGEST) {
        return position;
      }
    } catch (NumberFormatException notANumber) {
      // answered below
    }
    throw new InvalidInputException(field, "must be " + meaning);
  }
}
