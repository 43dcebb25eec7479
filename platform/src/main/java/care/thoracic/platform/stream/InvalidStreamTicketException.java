package care.thoracic.platform.stream;

import io.quarkus.security.UnauthorizedException;

/**
 * A stream ticket that opens nothing (401): unknown, used, expired, or for another stream. Which of
 * these it was is not said, to the client or in the message.
 */
public class InvalidStreamTicketException extends UnauthorizedException {
  public InvalidStreamTicketException() {
    super("the stream ticket is not valid");
  }
}
