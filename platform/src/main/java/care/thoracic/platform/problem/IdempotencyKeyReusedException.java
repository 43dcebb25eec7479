package care.thoracic.platform.problem;

/**
 * A request carried an {@code Idempotency-Key} the same caller already used for a different request
 * (answered 422 naming the header); nothing is stored.
 */
public class IdempotencyKeyReusedException extends RuntimeException {
  public IdempotencyKeyReusedException(String message) {
    super(message);
  }
}
